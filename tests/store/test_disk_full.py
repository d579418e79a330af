"""The disk fills up mid-save (a file-size limit stands in for a full disk): a clear message,
every save that returned is kept, the file stays sound."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from kapnotes.store import open_practice

CHILD = textwrap.dedent(
    """
    import json, resource, sys
    from datetime import date
    from kapnotes.domain.records import Client, Session
    from kapnotes.store import PracticeError, open_practice

    path, passphrase = sys.argv[1], sys.argv[2]
    practice = open_practice(path, passphrase)
    client = practice.list_clients()[0]
    # Writing past this size now fails with EFBIG (Python ignores SIGXFSZ), as a full disk does.
    resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))
    saved, message = [], ""
    try:
        for i in range(200):
            s = Session(client_id=client.id, course_id=None, date=date(2026, 1, 1),
                        narrative={"Subjective": f"session {i} " + "x" * 20_000})
            practice.save_session(s)
            saved.append(s.id)
    except PracticeError as exc:
        message = str(exc)
    print(json.dumps({"saved": saved, "message": message}))
    """
)


def test_a_full_disk_loses_nothing_saved_and_says_so(tmp_path):
    from kapnotes.domain.records import Client

    path = tmp_path / "p.kapnotes"
    with open_practice(path, "disk full passphrase", create=True) as practice:
        practice.save_client(Client(chart="F-1", name="Full Disk"))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), "disk full passphrase"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["saved"], "some sessions fit before the limit"
    assert "could not be written" in report["message"]
    assert "nothing was saved" in report["message"]
    assert "x" * 50 not in report["message"]
    with open_practice(path, "disk full passphrase") as practice:
        assert practice.integrity_problems() == []
        assert practice.verify_audit().ok
        kept = [s.id for s in practice.list_sessions(client_id=practice.list_clients()[0].id)]
        assert kept == report["saved"]

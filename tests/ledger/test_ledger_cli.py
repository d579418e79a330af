"""`kapnotes ledger …` and `kapnotes export pdf ledger|ledger-csv` as a user types them."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from ledger_helpers import PASSPHRASE, WITNESS, dosing_session

from kapnotes import config
from kapnotes.store import open_practice

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
from cli_helpers import assert_one_line_error  # noqa: E402


@dataclass
class Result:
    code: int
    out: str
    err: str


OPTIONS = {
    "--drug": "ketamine", "--ndc": "0409-2051-05", "--lot": "KT100", "--expiry": "2030-06-30",
    "--strength-mg-per-ml": "50", "--ml-per-container": "10", "--containers": "2",
    "--supplier": "Henry Schein", "--supplier-dea": "RH0123456", "--invoice": "INV-77",
}  # fmt: skip


def receive(**changes: str | None) -> tuple[str, ...]:
    """The receive command line, with options changed (name_with_underscores=value) or
    dropped (=None)."""
    options = dict(OPTIONS)
    for key, value in changes.items():
        option = "--" + key.replace("_", "-")
        if value is None:
            options.pop(option, None)
        else:
            options[option] = value
    return ("ledger", "receive", *[x for pair in options.items() for x in pair])


RECEIVE = receive()


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    """A practice with accounts in the default data folder; cli(*argv) -> Result."""
    from kapnotes.cli import run

    data = tmp_path / "data"
    config.ensure_private_dir(data)
    with open_practice(config.database_path(data), PASSPHRASE, create=True, user="Dr A") as p:
        p.add_user(WITNESS[0], "therapist", WITNESS[1], temporary=False)
    monkeypatch.setenv(config.PASSPHRASE_ENV, PASSPHRASE)
    monkeypatch.delenv("KAPNOTES_WITNESS_PASSPHRASE", raising=False)

    def call(*argv: str) -> Result:
        capsys.readouterr()
        try:
            code = run(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    call.path = config.database_path(data)
    return call


def entries(cli) -> int:
    return len(cli("ledger", "list").out.splitlines())


def test_receive_then_balance_prints_the_lot_and_its_mg_first(cli):
    assert cli(*RECEIVE).code == 0
    out = cli("ledger", "balance").out
    assert out.startswith("KT100  1000 mg  20 mL  2 containers")
    troches = receive(
        lot="TR9",
        strength_mg_per_ml=None,
        ml_per_container=None,
        strength_mg_per_unit="100",
        units_per_container="30",
    )
    assert cli(*troches).code == 0
    assert "TR9  6000 mg  60 units" in cli("ledger", "balance").out


def test_witnessed_waste_and_counts(cli, tmp_path, monkeypatch):
    cli(*RECEIVE)
    phrase = tmp_path / "w.txt"
    phrase.write_text(WITNESS[1] + "\n")
    done = cli("ledger", "waste", "--lot", "KT100", "--mg", "15", "--witness", WITNESS[0],
               "--reason", "drawn 50 gave 35", "--witness-passphrase-file", str(phrase))  # fmt: skip
    assert done.code == 0 and "witnessed by Sam Witness" in done.out
    monkeypatch.setenv("KAPNOTES_WITNESS_PASSPHRASE", WITNESS[1])
    count = cli("ledger", "count", "--lot", "KT100", "--mg", "980", "--reason", "overfill",
                "--witness", WITNESS[0])  # fmt: skip
    assert count.code == 0 and "difference -5 mg" in count.out
    assert cli("ledger", "balance").out.startswith("KT100  980 mg")
    listed = cli("ledger", "list", "--lot", "KT100", "--since", "2000-01-01").out.splitlines()
    assert [line.split("\t")[2] for line in listed] == ["receipt", "waste", "count"]
    assert cli("check").code == 0


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("ledger", "waste", "--lot", "KT100", "--mg", "0", "--witness", "Sam Witness",
          "--reason", "x"), ("more than 0 mg",)),
        (("ledger", "waste", "--lot", "KT100", "--mg", "-3", "--witness", "Sam Witness",
          "--reason", "x"), ("more than 0 mg",)),
        (("ledger", "waste", "--lot", "NOPE", "--mg", "3", "--witness", "Sam Witness",
          "--reason", "x"), ("no lot NOPE",)),
        (("ledger", "waste", "--lot", "KT100", "--mg", "5000", "--witness", "Sam Witness",
          "--reason", "x"), ("KT100 holds 1000 mg",)),
        (("ledger", "waste", "--lot", "KT100", "--mg", "5", "--witness", "Dr A",
          "--reason", "x"), ("someone other than Dr A",)),
        (("ledger", "count", "--lot", "KT100", "--mg", "900"), ("give a reason",)),
        (receive(invoice=""), ("invoice number",)),
        (receive(strength_mg_per_ml="100"), ("already in the",)),
        (receive(expiry="not-a-date"), ("--expiry",)),
        (receive(units_per_container="3"), ("--strength-mg-per-ml",)),
        (("ledger", "list", "--since", "yesterday"), ("--since",)),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_the_ledger_is_unchanged(cli, monkeypatch, argv, words):
    cli(*RECEIVE)
    monkeypatch.setenv("KAPNOTES_WITNESS_PASSPHRASE", WITNESS[1])
    before = cli("ledger", "list").out
    result = cli(*argv)
    assert_one_line_error(result, *words)
    assert cli("ledger", "list").out == before


def test_a_wrong_witness_passphrase_is_refused(cli, monkeypatch):
    cli(*RECEIVE)
    monkeypatch.setenv("KAPNOTES_WITNESS_PASSPHRASE", "not the passphrase")
    result = cli("ledger", "waste", "--lot", "KT100", "--mg", "5", "--witness", WITNESS[0],
                 "--reason", "spill")  # fmt: skip
    assert_one_line_error(result, "wrong passphrase for the witness Sam Witness")
    assert entries(cli) == 1


def test_a_read_only_user_is_refused(cli, monkeypatch):
    cli(*RECEIVE)
    with open_practice(cli.path, PASSPHRASE) as p:
        p.add_user("Reader", "read-only", "reader passphrase", temporary=False)
    monkeypatch.setenv(config.PASSPHRASE_ENV, "reader passphrase")
    result = cli("--user", "Reader", "ledger", "count", "--lot", "KT100", "--mg", "1000")
    assert_one_line_error(result, "read-only")
    assert cli("--user", "Reader", "ledger", "balance").out.startswith("KT100  1000 mg")


def test_export_pdf_and_csv_ledger_with_opening_and_closing_balances(cli, tmp_path):
    cli(*RECEIVE, "--date", "2026-01-05")
    with open_practice(cli.path, PASSPHRASE) as p:
        s = dosing_session(p, mg=35, day=p.ledger_entries()[0].occurred_on.replace(day=20))
        p.sign_session(s.id, passphrase=PASSPHRASE)
    pdf = tmp_path / "ledger.pdf"
    done = cli("export", "pdf", "ledger", "--since", "2026-01-10", "--until", "2026-01-31",
               "-o", str(pdf))  # fmt: skip
    assert done.code == 0, done.err
    assert pdf.read_bytes().startswith(b"%PDF")
    csv_file = tmp_path / "log.csv"
    done = cli("export", "ledger-csv", "--report", "administrations", "--since",
               "2026-01-10", "--until", "2026-01-31", "-o", str(csv_file))  # fmt: skip
    assert done.code == 0, done.err
    text = csv_file.read_text()
    assert "KT100,Ketamine HCl injection 50 mg/mL,1000 mg,0 mg,35 mg,965 mg" in text
    assert "2026-01-20,Robin Vale,C-1,KT100,35 mg,0.7 mL,Dr A,Dr A" in text
    bad = cli("export", "pdf", "ledger", "--lot", "NOPE", "-o", str(pdf))
    assert_one_line_error(bad, "no lot NOPE")


def test_check_reports_a_ledger_entry_changed_behind_the_triggers(cli):
    cli(*RECEIVE)
    assert cli("check").code == 0
    with open_practice(cli.path, PASSPHRASE) as p:
        p.db.execute("DROP TRIGGER ledger_entries_no_update")
        p.db.execute("UPDATE ledger_entries SET mg = 99999 WHERE id = 1")
    result = cli("check")
    # One line: what was changed first, then how many more problems (the dropped trigger).
    assert_one_line_error(result, "ledger entry 1: a signature does not verify", "more problem")


def test_destruction_with_two_witnesses_and_an_inventory_line(cli, tmp_path):
    from ledger_helpers import SECOND

    cli(*RECEIVE)
    with open_practice(cli.path, PASSPHRASE) as p:
        p.add_user(SECOND[0], "therapist", SECOND[1], temporary=False)
    files = []
    for n, (_name, phrase) in enumerate((WITNESS, SECOND)):
        f = tmp_path / f"w{n}.txt"
        f.write_text(phrase + "\n")
        files += ["--witness-passphrase-file", str(f)]
    one = cli("ledger", "dispose", "--kind", "destruction", "--lot", "KT100", "--mg", "100",
              "--witness", WITNESS[0], *files[:2], "--detail", "place=room 2")  # fmt: skip
    assert_one_line_error(one, "needs 2 witnesses")
    done = cli("ledger", "dispose", "--kind", "destruction", "--lot", "KT100", "--mg", "100",
               "--witness", WITNESS[0], "--witness", SECOND[0], *files,
               "--detail", "place=room 2", "--detail", "method=Rx Destroyer")  # fmt: skip
    assert done.code == 0, done.err
    assert "witnessed by Sam Witness, Kai Second" in done.out
    line = cli("ledger", "count", "--lot", "KT100", "--mg", "900", "--inventory", "close")
    assert line.code == 0, line.err
    assert [x.split("\t")[2] for x in cli("ledger", "list").out.splitlines()] == [
        "receipt",
        "destruction",
        "inventory",
    ]

"""Arabic prints joined (contextual forms) and still reads back as the letters typed."""

from __future__ import annotations

from pdf_records import make_client, make_session, pdf_text, squash

from kapnotes.export.arabic import shape, unshape
from kapnotes.export.session_pdf import export_session_pdf


def test_letters_take_their_initial_medial_final_and_isolated_forms():
    assert shape("محمد") == "\ufee3\ufea4\ufee4\ufeaa"
    # alef joins only on its right: the next letter starts again with an initial form
    assert shape("داود") == "\ufea9\ufe8d\ufeed\ufea9"
    assert shape("لا") == "\ufedf\ufe8e"  # no ligature: two glyphs, two letters
    assert shape("ء") == "\ufe80"


def test_vowel_marks_do_not_break_joining_and_other_scripts_are_untouched():
    assert shape("بَب") == "\ufe91\u064e\ufe90"
    for text in ("שלום עולם", "Привет", "plain 123", ""):
        assert shape(text) == text


def test_forms_the_font_lacks_stay_plain_letters():
    assert shape("محمد", frozenset()) == "محمد"


def test_unshape_gives_back_the_typed_letter():
    assert "".join(unshape(c) for c in shape("محمد عبد الله")) == "محمد عبد الله"
    assert unshape("a") == "a"


def test_a_pdf_with_arabic_reads_back_as_typed(tmp_path):
    out = tmp_path / "ar.pdf"
    typed = "قال محمد: السلام عليكم"
    export_session_pdf(make_session(intention=typed), make_client(name="محمد عبد الله"), out)
    text = squash("".join(pdf_text(out)))
    assert squash(typed) in text and squash("محمد عبد الله") in text
    assert not any("\ufb50" <= ch <= "\ufeff" for ch in text)


def test_an_arabic_clinic_theme_in_the_chart_is_laid_out_like_the_table(tmp_path):
    from kapnotes.export.charts import label_group
    from kapnotes.export.text import visual_order

    group = label_group(0, 0, "الطفل الداخلي")
    drawn = "".join(s.text for s in group.contents)
    assert drawn == visual_order("الطفل الداخلي") != "الطفل الداخلي"

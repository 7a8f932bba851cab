"""Property tests: evidence offsets always slice the input exactly, whatever the input."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khaldun import records

SCHEMA = None


def _validator():
    global SCHEMA
    if SCHEMA is None:
        import json
        from importlib.resources import files

        import jsonschema

        SCHEMA = jsonschema.Draft202012Validator(json.loads((files("khaldun") / "data" / "records.schema.json").read_text()))
    return SCHEMA

WORDS = st.sampled_from([
    "The", "army", "said", "that", "militants", "killed", "three", "soldiers", "in", "Kalvor", "on", "Monday", ".",
    "According", "to", "police", ",", "a", "bomb", "exploded", "near", "market", "\n\n", "shelling", "wounded", "12",
    "people", "since", "January", "1", "reportedly", "—", "“", "”", "é", "Al-Qassam", "camp", "refugee", "(Photo: x)",
])


@settings(max_examples=int(__import__("os").environ.get("KHALDUN_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, min_size=1, max_size=60).map(" ".join) | st.text(min_size=1, max_size=300))
def test_evidence_slices_text(extractor, text):
    if not text.strip():
        return
    try:
        result = extractor.extract(text, published="2025-05-01")
    except Exception as err:  # only input rejections may be raised
        from khaldun.errors import InputError

        assert isinstance(err, InputError)
        return
    for rec in records(result, ["event", "toll", "place", "attribution"]):
        _validator().validate(rec)  # every record valid against the JSON Schema of FORMAT.md
        if "evidence" in rec:
            assert text[rec["evidence_start"] : rec["evidence_end"]] == rec["evidence"]
        if rec["kind"] == "place":
            assert text[rec["start"] : rec["end"]] == rec["text"]
        if rec["kind"] == "attribution":
            assert 0 <= rec["content_start"] <= rec["content_end"] <= len(text)

"""Skip-logic expressions: a small safe language, evaluated without eval()."""

import pytest

from survey.expressions import ExpressionError, parse

ANSWERS = {"services_used": ["police_call", "refuge"], "age_band": "16_24", "police_overall": 4}


@pytest.mark.parametrize(
    "source, expected",
    [
        ("selected(${services_used}, 'refuge')", True),
        ("selected(${services_used}, 'court')", False),
        ("selected-any(${services_used}, 'court', 'police_call')", True),
        ("selected-any(${services_used}, 'court', 'outreach')", False),
        ("count-selected(${services_used}) = 2", True),
        ("count-selected(${services_used}) > 2", False),
        ("${age_band} = '16_24'", True),
        ("${age_band} != '16_24'", False),
        ("${police_overall} >= 4", True),
        ("${police_overall} < 4", False),
        ("${police_overall} >= 4 and selected(${services_used}, 'court')", False),
        ("${police_overall} >= 4 or selected(${services_used}, 'court')", True),
        ("not selected(${services_used}, 'court')", True),
        ("not(selected(${services_used}, 'court'))", True),
        ("(${age_band} = '25_34' or ${age_band} = '16_24') and ${police_overall} = 4", True),
        # Unanswered questions are empty: select nothing, equal '', compare false with numbers.
        ("selected(${gender}, 'woman')", False),
        ("${gender} = ''", True),
        ("${refuge_overall} > 2", False),
        ("${refuge_overall} != 2", True),
        ("count-selected(${gender}) = 0", True),
    ],
)
def test_evaluates(source, expected):
    assert parse(source).evaluate(ANSWERS) is expected


def test_reports_references_in_order():
    expression = parse("selected(${a}, 'x') and ${b} = 'y' or selected-any(${a}, 'z')")
    assert expression.references() == ["a", "b"]
    assert expression.choice_values() == [("a", "x"), ("b", "y"), ("a", "z")]


@pytest.mark.parametrize(
    "source, message",
    [
        ("", "empty"),
        ("${a} =", "ends too early"),
        ("${a} == 'x'", "unexpected '='"),
        ("(${a} = 'x'", "expected ')'"),
        ("selected(${a})", "takes 2"),
        ("selected('a', 'b')", "must be a ${question}"),
        ("selected(${a}, ${b})", "quoted choice values"),
        ("__import__('os')", "unexpected"),
        ("${a}.__class__", "unexpected"),
        ("open(${a})", "unknown word 'open'"),
        ("${a} = 'x' ; drop", "unexpected"),
    ],
)
def test_refuses_what_it_cannot_read(source, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)").replace("$", r"\$").replace("{", r"\{").replace("}", r"\}")):
        parse(source)

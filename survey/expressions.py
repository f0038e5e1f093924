"""A small, safe evaluator for XLSForm-style skip logic (`relevant`), with no eval().

Grammar (whitespace-insensitive):

    expr     := and_expr ("or" and_expr)*
    and_expr := not_expr ("and" not_expr)*
    not_expr := "not" not_expr | compare
    compare  := operand (("=" | "!=" | "<" | "<=" | ">" | ">=") operand)?
    operand  := NUMBER | 'text' | "text" | ${question} | call | "(" expr ")"
    call     := selected(${q}, 'value')
              | selected-any(${q}, 'value', 'value', ...)
              | count-selected(${q})
              | not(expr)

An unanswered question is empty: it equals '' and selects nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Union

Answers = Mapping[str, Any]


class ExpressionError(ValueError):
    """The expression cannot be parsed; the message says where and why."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{(?P<refname>[A-Za-z_][A-Za-z0-9_]*)\})
      | (?P<number>\d+(?:\.\d+)?)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<op>!=|<=|>=|=|<|>|\(|\)|,)
      | (?P<word>[A-Za-z][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)

_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@dataclass(frozen=True)
class Token:
    kind: str  # ref, number, string, op, word, end
    text: str
    position: int


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(source):
        if source[position:].strip() == "":
            break
        match = _TOKEN.match(source, position)
        if not match:
            raise ExpressionError(
                f"unexpected {source[position:].strip()[:1]!r} at character {position + 1}"
            )
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip()) + 1
        if match.group("ref"):
            kind, text = "ref", match.group("refname")
        elif match.group("number"):
            kind, text = "number", match.group("number")
        elif match.group("string"):
            kind, text = "string", match.group("string")[1:-1]
        elif match.group("op"):
            kind, text = "op", match.group("op")
        else:
            kind, text = "word", match.group("word")
        tokens.append(Token(kind, text, start))
        position = match.end()
    tokens.append(Token("end", "", len(source) + 1))
    return tokens


# --- syntax tree -----------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: Union[str, float]


@dataclass(frozen=True)
class Reference:
    name: str


@dataclass(frozen=True)
class Call:
    function: str
    arguments: tuple["Node", ...]


@dataclass(frozen=True)
class Compare:
    operator: str
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class BoolOp:
    operator: str  # and, or
    operands: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    operand: "Node"


Node = Union[Literal, Reference, Call, Compare, BoolOp, Not]

_FUNCTIONS = {"selected": (2, 2), "selected-any": (2, None), "count-selected": (1, 1), "not": (1, 1)}


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.current
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        if self.current.text != text or self.current.kind not in ("op", "word"):
            raise ExpressionError(f"expected {text!r} at character {self.current.position}")
        self.advance()

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise ExpressionError("the expression is empty")
        node = self.parse_or()
        if self.current.kind != "end":
            raise ExpressionError(
                f"unexpected {self.current.text!r} at character {self.current.position}"
            )
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while self.current.kind == "word" and self.current.text == "or":
            self.advance()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_not()]
        while self.current.kind == "word" and self.current.text == "and":
            self.advance()
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def parse_not(self) -> Node:
        token = self.current
        is_keyword = token.kind == "word" and token.text == "not"
        if is_keyword and self.tokens[self.index + 1].text != "(":
            self.advance()
            return Not(self.parse_not())
        return self.parse_compare()

    def parse_compare(self) -> Node:
        left = self.parse_operand()
        if self.current.kind == "op" and self.current.text in _COMPARATORS:
            operator = self.advance().text
            return Compare(operator, left, self.parse_operand())
        return left

    def parse_operand(self) -> Node:
        token = self.advance()
        if token.kind == "number":
            return Literal(float(token.text))
        if token.kind == "string":
            return Literal(token.text)
        if token.kind == "ref":
            return Reference(token.text)
        if token.kind == "op" and token.text == "(":
            node = self.parse_or()
            self.expect(")")
            return node
        if token.kind == "word" and token.text in _FUNCTIONS:
            return self.parse_call(token)
        if token.kind == "end":
            raise ExpressionError("the expression ends too early")
        if token.kind == "word":
            raise ExpressionError(
                f"unknown word {token.text!r} at character {token.position} "
                f"(known functions: {', '.join(sorted(_FUNCTIONS))}; "
                "refer to a question as ${name})"
            )
        raise ExpressionError(f"unexpected {token.text!r} at character {token.position}")

    def parse_call(self, name: Token) -> Node:
        self.expect("(")
        arguments = [self.parse_or()]
        while self.current.kind == "op" and self.current.text == ",":
            self.advance()
            arguments.append(self.parse_or())
        self.expect(")")
        low, high = _FUNCTIONS[name.text]
        if len(arguments) < low or (high is not None and len(arguments) > high):
            wanted = f"{low}" if low == high else f"at least {low}"
            raise ExpressionError(
                f"{name.text}() takes {wanted} argument(s), got {len(arguments)}"
            )
        if name.text != "not" and not isinstance(arguments[0], Reference):
            raise ExpressionError(f"the first argument of {name.text}() must be a ${{question}}")
        if name.text.startswith("selected") and not all(
            isinstance(argument, Literal) for argument in arguments[1:]
        ):
            raise ExpressionError(f"{name.text}() compares with quoted choice values")
        if name.text == "not":
            return Not(arguments[0])
        return Call(name.text, tuple(arguments))


# --- public API -------------------------------------------------------------------


@dataclass(frozen=True)
class Expression:
    """A parsed skip-logic expression."""

    source: str
    tree: Node

    def references(self) -> list[str]:
        """Question names the expression reads, in order of appearance."""
        found: list[str] = []
        _collect_references(self.tree, found)
        return found

    def choice_values(self) -> list[tuple[str, str]]:
        """(question, value) pairs compared by selected()/selected-any()/=."""
        pairs: list[tuple[str, str]] = []
        _collect_choice_values(self.tree, pairs)
        return pairs

    def evaluate(self, answers: Answers) -> bool:
        return _truthy(_evaluate(self.tree, answers))


def parse(source: str) -> Expression:
    return Expression(source, _Parser(source).parse())


def _collect_references(node: Node, found: list[str]) -> None:
    if isinstance(node, Reference):
        if node.name not in found:
            found.append(node.name)
    elif isinstance(node, Call):
        for argument in node.arguments:
            _collect_references(argument, found)
    elif isinstance(node, Compare):
        _collect_references(node.left, found)
        _collect_references(node.right, found)
    elif isinstance(node, BoolOp):
        for operand in node.operands:
            _collect_references(operand, found)
    elif isinstance(node, Not):
        _collect_references(node.operand, found)


def _collect_choice_values(node: Node, pairs: list[tuple[str, str]]) -> None:
    if isinstance(node, Call) and node.function.startswith("selected"):
        question = node.arguments[0].name  # type: ignore[union-attr]
        pairs.extend((question, str(argument.value)) for argument in node.arguments[1:])  # type: ignore[union-attr]
    elif isinstance(node, Compare):
        sides = (node.left, node.right)
        refs = [side for side in sides if isinstance(side, Reference)]
        texts = [side for side in sides if isinstance(side, Literal) and isinstance(side.value, str)]
        if refs and texts:
            pairs.append((refs[0].name, texts[0].value))  # type: ignore[arg-type]
    elif isinstance(node, BoolOp):
        for operand in node.operands:
            _collect_choice_values(operand, pairs)
    elif isinstance(node, Not):
        _collect_choice_values(node.operand, pairs)


def _selected_values(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(item) for item in value]
    return [str(value)]


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return float(value)
    if isinstance(value, (list, tuple)):
        return " ".join(str(item) for item in value)
    return value


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0
    return value not in ("", None)


def _evaluate(node: Node, answers: Answers) -> Any:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Reference):
        return _scalar(answers.get(node.name))
    if isinstance(node, Not):
        return not _truthy(_evaluate(node.operand, answers))
    if isinstance(node, BoolOp):
        results = (_truthy(_evaluate(operand, answers)) for operand in node.operands)
        return all(results) if node.operator == "and" else any(results)
    if isinstance(node, Call):
        chosen = _selected_values(answers.get(node.arguments[0].name))  # type: ignore[union-attr]
        if node.function == "count-selected":
            return float(len(chosen))
        wanted = [str(argument.value) for argument in node.arguments[1:]]  # type: ignore[union-attr]
        return any(value in chosen for value in wanted)
    if isinstance(node, Compare):
        left, right = _evaluate(node.left, answers), _evaluate(node.right, answers)
        if isinstance(left, float) != isinstance(right, float):
            # '' (unanswered) or text against a number: only != can hold.
            try:
                left, right = float(left), float(right)
            except (TypeError, ValueError):
                return node.operator == "!="
        return _COMPARATORS[node.operator](left, right)
    raise ExpressionError(f"cannot evaluate {node!r}")  # pragma: no cover

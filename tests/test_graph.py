"""Scenario graphs (coach.graph): every node, ending, choice and rule is drawn, and content
text can never break the Mermaid or dot syntax."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from empathy_cli.coach import graph
from empathy_cli.content.loader import load_file
from empathy_cli.content.models import STAGE_IDS, Choice, Ending, Node, Persona, Scenario

DATA = Path(__file__).parent / "data" / "trainer"


def load(path: Path) -> Scenario:
    loaded = load_file(path)
    assert loaded.content is not None, loaded.problems
    return loaded.content


@pytest.fixture(scope="module")
def waiting() -> Scenario:
    return load(DATA / "content" / "scenarios" / "waiting-room-en.yaml")


@pytest.fixture(scope="module")
def tricky() -> Scenario:
    return load(DATA / "tricky" / "tricky.yaml")


# --------------------------------------------------------------------------- Mermaid

VERTEX = re.compile(r'^    (?P<id>[a-z]\d+)(?P<open>\(\(|\(\[|\{\{|\[)"(?P<label>[^"]*)"(?P<close>\)\)|\]\)|\}\}|\])(:::(?P<cls>[a-z_]+))?$')
EDGE = re.compile(r'^    (?P<src>[a-z]\d+) (?P<arrow>-->|-\.->)(\|"(?P<label>[^"]*)"\|)? (?P<dst>[a-z]\d+)$')
OTHER = re.compile(r"^(%% .*|flowchart TD|    classDef [a-z_]+ [a-z-]+:[^;]*|    linkStyle [\d,]+ stroke:#[0-9a-f]{6})$")
PAIRS = {"((": "))", "([": "])", "{{": "}}", "[": "]"}


def parse_mermaid(text: str) -> tuple[dict[str, dict], list[dict]]:
    """A strict reading of the subset of Mermaid the builder writes: every line must be a
    comment, the header, a vertex, an edge, a classDef or a linkStyle."""
    vertices: dict[str, dict] = {}
    edges: list[dict] = []
    for line in text.splitlines():
        if m := VERTEX.match(line):
            assert PAIRS[m["open"]] == m["close"], line
            vertices[m["id"]] = m.groupdict()
        elif m := EDGE.match(line):
            edges.append(m.groupdict())
        else:
            assert OTHER.match(line), f"unexpected Mermaid line: {line!r}"
    for edge in edges:
        assert edge["src"] in vertices and edge["dst"] in vertices, edge
    return vertices, edges


def mermaid_shown(label: str) -> str:
    """What Mermaid displays for a label: '#name;' entity codes decoded, <br/> a line break."""
    assert not re.search(r"[<>&|`\"]", label.replace("<br/>", "")), label
    assert not re.search(r"#(?!\w+;)", label), f"bare '#' in {label!r}"
    return html.unescape(re.sub(r"#(\w+);", lambda m: f"&#{m[1]};" if m[1].isdigit() else f"&{m[1]};", label)).replace("<br/>", "\n")


def test_mermaid_has_every_node_ending_choice_and_rule(waiting):
    vertices, edges = parse_mermaid(graph.mermaid(waiting))
    shown = {v["id"]: mermaid_shown(v["label"]) for v in vertices.values()}
    by_first_line = {text.split("\n")[0].split(" · ")[0]: vid for vid, text in shown.items()}
    for node in waiting.nodes:
        vid = by_first_line[node.id]
        assert vertices[vid]["cls"] == node.stage  # coloured by stage
        assert shown[vid].startswith(f"{node.id} · {node.stage}\n")
    for ending in waiting.endings:
        vid = by_first_line[ending.id]
        assert vertices[vid]["cls"] == ending.outcome  # coloured by outcome
        assert vertices[vid]["open"] == "(["  # endings have their own shape
    # One edge per choice, labelled with its id, from its node to its target.
    choice_edges = [(e["src"], e["dst"], mermaid_shown(e["label"] or "")) for e in edges if e["arrow"] == "-->" and e["src"] != "s0"]
    expected = [(by_first_line[n.id], by_first_line[c.next], c.id) for n in waiting.nodes for c in n.choices]
    assert [(s, d, label.split(" · ")[0]) for s, d, label in choice_edges] == expected
    assert (by_first_line["open"], by_first_line["feel"], "ask · mood -1") in choice_edges  # labels carry the mood change…
    assert any(label == "manager · if mood ≤ 8" for _, _, label in choice_edges)  # …and conditions
    # The start marker points at the start node; the rule is a dashed edge to its target.
    assert [e["dst"] for e in edges if e["src"] == "s0"] == [by_first_line["open"]]
    dashed = [e for e in edges if e["arrow"] == "-.->"]
    assert [(e["dst"], mermaid_shown(e["label"])) for e in dashed] == [(by_first_line["unsafe"], "mood ≥ 9")]
    text = graph.mermaid(waiting)
    for stage in STAGE_IDS:
        assert f"classDef {stage} " in text


def test_mermaid_link_styles_point_at_calming_and_heating_edges(waiting):
    text = graph.mermaid(waiting)
    _, edges = parse_mermaid(text)
    styles = dict(re.findall(r"linkStyle ([\d,]+) stroke:(#[0-9a-f]{6})", text))
    colour_of = {int(i): colour for ids, colour in styles.items() for i in ids.split(",")}
    moods = [c.mood for n in waiting.nodes for c in n.choices]
    for index, mood in enumerate(moods, start=1):  # link 0 is the start marker
        expected = graph.CALMING if mood < 0 else graph.HEATING if mood > 0 else None
        assert colour_of.get(index) == expected
    assert max(colour_of) < len(edges)


def test_mermaid_escapes_hostile_text(tricky):
    text = graph.mermaid(tricky)
    vertices, edges = parse_mermaid(text)  # quotes, pipes, brackets… did not break a line
    assert len(vertices) == 1 + len(tricky.nodes) + len(tricky.endings) + 1  # start, nodes, endings, rules
    assert len(edges) == 1 + sum(len(n.choices) for n in tricky.nodes) + len(tricky.rules)
    shown = [mermaid_shown(v["label"]) for v in vertices.values()]
    # Shown literally, as in the file (one line, shortened, controls made visible).
    end = tricky.node("end")
    assert f"end · listen\n{graph.excerpt(end.say)}" in shown
    assert any('He said "no" | then ] ) }} -->' in s for s in shown)
    style = next(s for s in shown if s.startswith("style ·"))
    assert style == "style · escalate\n" + graph.excerpt(tricky.node("style").say)
    # Keywords and arrow-like ids stay inside labels; vertex ids are synthetic.
    assert set(vertices) <= {"s0", "r0"} | {f"n{i}" for i in range(9)} | {f"e{i}" for i in range(9)}
    assert "\x1b" not in text and "\\x1b" in text
    # Mermaid strips the last ';' of lines matching this (meant for style statements):
    # no vertex or edge line may match it, or an entity would lose its end.
    for line in text.splitlines():
        if not line.lstrip().startswith(("classDef", "linkStyle", "%%")):
            assert not re.search(r"style.*:\S*#.*;", line) and not re.search(r"classDef.*:\S*#.*;", line), line


# --------------------------------------------------------------------------- dot

DOT_STRING = r'"(?:[^"\\]|\\.)*"'
DOT_ATTRS = rf"\[(?:[a-z]+=(?:{DOT_STRING}|[A-Za-z0-9.,]+)(?:, )?)+\]"
DOT_LINE = re.compile(
    rf"^(//.*|digraph {DOT_STRING} \{{|\}}|  (?:graph|node|edge) {DOT_ATTRS};|  {DOT_STRING} {DOT_ATTRS};|  {DOT_STRING} -> {DOT_STRING}(?: {DOT_ATTRS})?;)$"
)


def dot_unquote(token: str) -> str:
    """What Graphviz shows for a quoted label (the escapes the builder uses)."""
    inner = token[1:-1]
    out = re.sub(r"\\(.)", lambda m: {"n": "\n", '"': '"', "\\": "\\"}.get(m[1], "\\" + m[1]), inner)
    return html.unescape(out)


def parse_dot(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    nodes: dict[str, str] = {}
    edges = []
    for line in text.splitlines():
        assert DOT_LINE.match(line), f"unexpected dot line: {line!r}"
        if m := re.match(rf"^  ({DOT_STRING}) \[label=({DOT_STRING})", line):
            nodes[dot_unquote(m[1])] = dot_unquote(m[2])
        elif m := re.match(rf"^  ({DOT_STRING}) -> ({DOT_STRING})(?: \[label=({DOT_STRING})(.*)\])?;$", line):
            edges.append((dot_unquote(m[1]), dot_unquote(m[2]), dot_unquote(m[3]) if m[3] else "", m[4] or ""))
    return nodes, edges


def test_dot_has_every_node_ending_choice_and_rule(waiting):
    nodes, edges = parse_dot(graph.dot(waiting))
    for node in waiting.nodes:
        assert nodes[node.id].startswith(f"{node.id} · {node.stage}\n")
    for ending in waiting.endings:
        assert nodes[ending.id].split("\n")[0] == ending.id
    assert nodes["partly"] == "partly\npartly_resolved"
    choice_edges = [(s, d, label.split(" · ")[0]) for s, d, label, _ in edges if not s.startswith("__")]
    assert choice_edges == [(n.id, c.next, c.id) for n in waiting.nodes for c in n.choices]
    assert [(s, d) for s, d, *_ in edges if s == "__start"] == [("__start", "open")]
    rules = [(d, label, rest) for s, d, label, rest in edges if s == "__rules"]
    assert len(rules) == 1 and rules[0][:2] == ("unsafe", "mood ≥ 9") and "style=dashed" in rules[0][2]
    text = graph.dot(waiting)
    assert '"open" [label="open · listen\\n' in text and f'fillcolor="{graph.STAGE_COLOURS["listen"][0]}"' in text


def test_dot_escapes_hostile_text(tricky):
    text = graph.dot(tricky)
    nodes, edges = parse_dot(text)
    assert set(nodes) == {"__start", "__rules"} | {n.id for n in tricky.nodes} | {e.id for e in tricky.endings}
    assert nodes["end"] == "end · listen\n" + graph.excerpt(tricky.node("end").say)
    assert nodes["graph"] == "graph · document\n\\l\\N\\G end"  # Graphviz escapes stay literal
    assert "&lt" in nodes["end"]  # an HTML entity in content is shown, not decoded
    assert len(edges) == 1 + sum(len(n.choices) for n in tricky.nodes) + len(tricky.rules)
    assert "\x1b" not in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("name", ["waiting", "tricky"])
def test_graphviz_reads_the_dot_output(name, request):
    sc = request.getfixturevalue(name)
    out = subprocess.run(["dot", "-Tjson"], input=graph.dot(sc), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Warning" not in out.stderr and "syntax error" not in out.stderr
    data = json.loads(out.stdout)
    names = {o["name"] for o in data["objects"]}
    assert {n.id for n in sc.nodes} | {e.id for e in sc.endings} <= names
    assert len(data["edges"]) == 1 + sum(len(n.choices) for n in sc.nodes) + len(sc.rules)


# --------------------------------------------------------------------------- odds and ends


def test_a_dangling_reference_is_drawn_not_fatal():
    sc = Scenario(
        kind="scenario",
        id="x",
        lang="en",
        title="t",
        playbook="p",
        persona=Persona(name="A"),
        start="a",
        nodes=[Node(id="a", stage="listen", say="Hi", choices=[Choice(id="c", text="Hello", next="nowhere")])],
        endings=[Ending(id="done", outcome="resolved", text="Done")],
    )
    vertices, edges = parse_mermaid(graph.mermaid(sc))
    missing = [v for v in vertices.values() if v["cls"] == "missing"]
    assert [mermaid_shown(v["label"]) for v in missing] == ["? nowhere"]
    nodes, _ = parse_dot(graph.dot(sc))
    assert nodes["nowhere"] == "? nowhere"


def test_excerpt_and_unknown_format(waiting):
    assert graph.excerpt("short") == "short"
    long = "word " * 40
    cut = graph.excerpt(long)
    assert cut.endswith("…") and len(cut) <= graph.EXCERPT
    assert graph.excerpt("a\nb\tc") == "a b c"
    with pytest.raises(ValueError):
        graph.render(waiting, "svg")
    assert graph.render(waiting, "dot") == graph.dot(waiting)

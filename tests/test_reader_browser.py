"""The HTML reader in a real browser: Debian's Chromium, driven by Playwright.

One browser for the whole module; each test opens pages in it. The labels the page
computes are compared with Python's (`argmap.views`, both views, and every explanation)
on the article, the test map with replies, and generated maps with attack cycles and
replies to objections.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings

import argmap
from argmap.checks._quotes import normalise
from argmap.model import ArgumentMap, Claim, Inference, Objection

from .browser import chromium, missing
from .conftest import ARTICLE_MAP, DATA
from .test_evaluate import random_maps
from .test_reader import HOSTILE, hostile_map

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

pytestmark = pytest.mark.skipif(missing() is not None, reason=str(missing()))
REPLIES_MAP = DATA / "replies" / "map.yaml"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


class Watched:
    """A page with everything it did that a reader page must never do recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.problems: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.problems.append(f"error: {error}"))
        page.on("dialog", lambda dialog: self.problems.append(f"dialog: {dialog.message}"))
        page.on("console", self.console)

    def console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console: {message.text}")


@pytest.fixture
def open_reader(browser: Browser, tmp_path: Path) -> Iterator[Any]:
    """Write a map's reader to a file and open it (with an address fragment, if given)."""
    pages: list[Page] = []

    def opener(argument_map: ArgumentMap, fragment: str = "", **size: int) -> Watched:
        path = tmp_path / f"reader-{len(pages)}.html"
        path.write_text(argmap.html(argument_map), encoding="utf-8")
        viewport = {"width": size.get("width", 1400), "height": size.get("height", 900)}
        page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
        pages.append(page)
        watched = Watched(page)
        page.goto(path.as_uri() + fragment)
        page.wait_for_selector("body.am-ready")
        return watched

    yield opener
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def article() -> ArgumentMap:
    return argmap.load(ARTICLE_MAP)


def python_views(argument_map: ArgumentMap, reject: list[str], accept: list[str]) -> dict[str, Any]:
    both = argmap.views(argument_map, reject=reject, accept=accept, max_size=1, seconds=1)
    return {
        name: {
            "labels": {key: label.value for key, label in evaluation.labels.items()},
            "why": {key: evaluation.why(key) for key in evaluation.labels},
        }
        for name, evaluation in (("author", both.author), ("critic", both.critic))
    }


PAGE_VIEWS = """() => Object.fromEntries(["author", "critic"].map((name) => {
    const labels = window.argmap.labels(name);
    const why = Object.fromEntries(
        Object.keys(labels).map((id) => [id, window.argmap.why(id, name)]));
    return [name, {labels, why}];
}))"""


def page_views(page: Page, reject: list[str], accept: list[str]) -> dict[str, Any]:
    return page.evaluate(
        """([reject, accept]) => {
            window.argmap.reset();
            reject.forEach((id) => window.argmap.reject(id));
            accept.forEach((id) => window.argmap.accept(id));
        }""",
        [reject, accept],
    ) or dict(page.evaluate(PAGE_VIEWS))


# --- The page as a reader uses it ------------------------------------------------------


def test_the_page_loads_nothing_and_logs_no_error(open_reader: Any, article: ArgumentMap) -> None:
    watched = open_reader(article)
    assert len(watched.requests) == 1
    assert watched.requests[0].startswith("file://")
    assert watched.problems == []
    assert watched.page.evaluate("document.scripts.length") == 2  # the data and the script


def test_clicking_a_claim_marks_and_shows_its_passage(
    open_reader: Any, article: ArgumentMap
) -> None:
    page = open_reader(article).page
    page.click('#am-svg g.am-el[data-id="T6"]')
    current = page.locator("mark.am-current")
    claim = next(c for c in article.claims if c.id == "T6")
    assert claim.quote is not None
    assert normalise(" ".join(current.all_inner_texts())) == normalise(claim.quote)
    source = page.locator("#am-source").bounding_box()
    mark = current.first.bounding_box()
    assert source
    assert mark
    assert source["y"] <= mark["y"] <= source["y"] + source["height"]
    assert page.locator("#am-panel h2").inner_text().startswith("T6")
    assert page.locator("#am-svg g.am-selected").get_attribute("data-id") == "T6"


def test_every_quote_is_highlighted_in_the_text(open_reader: Any, article: ArgumentMap) -> None:
    page = open_reader(article).page
    passages = page.evaluate("""() => {
        const found = {};
        for (const mark of document.querySelectorAll("mark.am-q"))
            for (const id of mark.dataset.claims.split(" "))
                (found[id] ??= []).push(mark.textContent);
        return found;
    }""")
    quoted = {claim.id: claim.quote for claim in article.claims if claim.quote}
    assert set(passages) == set(quoted)
    for claim_id, quote in quoted.items():
        shown = normalise(" ".join(passages[claim_id]))
        fragments = [normalise(part) for part in re.split(r"\.\.\.|…", quote) if part.strip()]
        for fragment in fragments:
            assert fragment in shown, (claim_id, fragment)


def test_clicking_a_passage_selects_its_claim(open_reader: Any, article: ArgumentMap) -> None:
    page = open_reader(article).page
    page.locator('mark.am-q[data-claims="T2"]').first.click()
    assert page.locator("#am-panel h2").inner_text().startswith("T2")
    assert page.locator("#am-svg g.am-selected").get_attribute("data-id") == "T2"
    page.keyboard.press("Escape")
    assert page.locator("#am-svg g.am-selected").count() == 0


def test_a_deep_link_opens_with_the_element_selected(
    open_reader: Any, article: ArgumentMap
) -> None:
    page = open_reader(article, "#T6").page
    assert page.locator("#am-svg g.am-selected").get_attribute("data-id") == "T6"
    assert page.locator("mark.am-current").count() >= 1
    page.evaluate("location.hash = '#I3'")
    page.wait_for_selector('#am-svg g.am-selected[data-id="I3"]')
    assert "Critical questions" in page.locator("#am-panel").inner_text()


def test_an_address_with_a_stray_percent_sign_is_taken_as_written(
    open_reader: Any, article: ArgumentMap
) -> None:
    watched = open_reader(article, "#100%")
    page = watched.page
    assert "The address names 100%," in page.locator("#am-verdict").inner_text()
    page.evaluate("location.hash = '#T6%E0'")
    page.wait_for_selector("text=The address names T6%E0,")
    page.click('#am-svg g.am-el[data-id="T2"]')
    assert page.locator("#am-panel h2").inner_text().startswith("T2")
    assert watched.problems == []


def test_the_panel_of_an_inference_has_its_scheme_warrant_and_questions(
    open_reader: Any, article: ArgumentMap
) -> None:
    page = open_reader(article).page
    step = next(s for s in article.inferences if s.scheme and s.warrant and s.questions)
    page.evaluate("(id) => window.argmap.select(id)", step.id)
    text = page.locator("#am-panel").inner_text()
    assert step.warrant is not None
    assert step.scheme is not None
    assert step.warrant in text
    assert step.scheme in text
    phrased = argmap.questions_report(article, step.id)
    for question_id in step.questions:
        assert f"({question_id}," in text
        assert question_id in phrased
    assert "Author's view" in text
    assert "With the critic's points" in text


def test_rejecting_in_the_panel_recolours_as_python_evaluates(
    open_reader: Any, article: ArgumentMap
) -> None:
    page = open_reader(article).page
    page.click('#am-svg g.am-el[data-id="T2"]')
    page.get_by_label("Reject").check()
    expected = python_views(article, ["T2"], [])
    assert page.evaluate(PAGE_VIEWS) == expected
    out = [key for key, label in expected["author"]["labels"].items() if label == "out"]
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('#am-marks g.am-out')].map((n) => n.dataset.for)"
    )
    assert sorted(drawn) == sorted(out)
    assert (
        page.locator('#am-marks g[data-for="T2"] .am-badge-text').text_content() or ""
    ).startswith("OUT")
    page.get_by_label("As the map has it").check()
    assert page.evaluate(PAGE_VIEWS) == python_views(article, [], [])


def test_article_labels_agree_with_python_for_every_rejection_and_acceptance(
    open_reader: Any, article: ArgumentMap
) -> None:
    page = open_reader(article).page
    assert page_views(page, [], []) == python_views(article, [], [])
    for claim in article.claims:
        assert page_views(page, [claim.id], []) == python_views(article, [claim.id], []), claim.id
        assert page_views(page, [], [claim.id]) == python_views(article, [], [claim.id]), claim.id
    analyst = [c.id for c in article.claims if c.holder == "analyst"]
    assert page_views(page, ["T2", "S7"], analyst[:3]) == python_views(
        article, ["T2", "S7"], analyst[:3]
    )


def test_replies_map_agrees_with_python(open_reader: Any) -> None:
    replies = argmap.load(REPLIES_MAP)
    page = open_reader(replies).page
    for claim in replies.claims:
        assert page_views(page, [claim.id], []) == python_views(replies, [claim.id], [])


@pytest.fixture(scope="module")
def blank(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


@settings(
    max_examples=220,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(random_maps())
def test_generated_maps_agree_with_python(
    blank: Page, case: tuple[ArgumentMap, set[str], set[str]]
) -> None:
    """Maps with convergent and linked steps, attack cycles and replies to objections
    (to any depth, in cycles), under random rejections and acceptances."""
    argument_map, rejected, accepted = case
    blank.set_content(argmap.html(argument_map))
    reject, accept = sorted(rejected), sorted(accepted)
    assert page_views(blank, reject, accept) == python_views(argument_map, reject, accept)
    assert page_views(blank, [], []) == python_views(argument_map, [], [])


def test_the_embedding_api_refuses_what_is_not_a_claim(
    open_reader: Any, article: ArgumentMap
) -> None:
    page = open_reader(article).page
    with pytest.raises(Exception, match="I1 is an inference; only claims"):
        page.evaluate("window.argmap.reject('I1')")
    with pytest.raises(Exception, match="no claim with that id"):
        page.evaluate("window.argmap.accept('NOPE')")
    with pytest.raises(Exception, match="no claim, inference or objection"):
        page.evaluate("window.argmap.select('NOPE')")
    assert page.evaluate("Object.isFrozen(window.argmap)")


def test_present_mode_steps_through_the_frames_with_the_keyboard(
    open_reader: Any, article: ArgumentMap
) -> None:
    page = open_reader(article).page
    steps = argmap.frame_steps(article)
    page.keyboard.press("p")
    assert page.locator("#am-stage").is_visible()
    assert page.locator("#am-step").inner_text().startswith(f"Step 1 of {len(steps)}")

    def unseen() -> set[str]:
        return set(
            page.evaluate(
                "() => [...document.querySelectorAll('#am-svg g.am-el.am-unseen')]"
                ".map((n) => n.dataset.id)"
            )
        )

    assert unseen() == set(steps[0])
    page.keyboard.press("ArrowRight")
    assert page.locator("#am-step").inner_text().startswith(f"Step 2 of {len(steps)}")
    assert unseen() == set(steps[1])
    page.keyboard.press("Space")
    page.keyboard.press("ArrowLeft")
    assert unseen() == set(steps[1])
    page.keyboard.press("End")
    assert unseen() == set()
    sizes = page.evaluate("""() => [...document.querySelectorAll('#am-svg g.am-claim text')]
        .map((t) => t.getBoundingClientRect()).filter((r) => r.width && r.bottom > 0)
        .map((r) => r.height)""")
    assert max(sizes) >= 24  # claim text at 22 px or more
    page.keyboard.press("Escape")
    assert not page.locator("#am-stage").is_visible()
    assert unseen() == set()


def test_follow_dependencies_both_ways(open_reader: Any, article: ArgumentMap) -> None:
    page = open_reader(article).page
    page.evaluate("window.argmap.select('T6')")
    page.keyboard.press("d")
    chain = "() => [...document.querySelectorAll('#am-svg g.am-chain')].map((n) => n.dataset.id)"
    down = set(page.evaluate(chain))
    structure_steps = {s.id for s in article.inferences if s.to == "T6"}
    assert {"T6", *structure_steps} <= down
    assert "C" not in down
    premises = {p for s in article.inferences if s.to == "T6" for p in s.premises}
    assert premises <= down
    page.keyboard.press("u")
    up = set(page.evaluate(chain))
    assert {"T6", "C"} <= up
    assert not premises & up - {"T6"}
    page.keyboard.press("u")
    assert page.evaluate(chain) == []


def test_collapse_and_expand_a_theme(open_reader: Any, article: ArgumentMap) -> None:
    page = open_reader(article).page
    button = page.locator("#am-themes button", has_text="The threat")
    button.click()
    assert button.get_attribute("aria-expanded") == "false"
    threat = [c.id for c in article.claims if c.theme == "threat"]
    for claim_id in threat[:5]:
        node = page.locator(f'#am-svg g.am-el[data-id="{claim_id}"]')
        assert node.evaluate("(n) => getComputedStyle(n).visibility") == "hidden"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    node = page.locator(f'#am-svg g.am-el[data-id="{threat[0]}"]')
    assert node.evaluate("(n) => getComputedStyle(n).visibility") == "visible"


def test_search_claims_by_text(open_reader: Any, article: ArgumentMap) -> None:
    page = open_reader(article).page
    page.keyboard.press("/")
    page.keyboard.type("drones")
    found = [c.id for c in article.claims if "drones" in f"{c.text} {c.quote} {c.note}".lower()]
    assert found
    page.wait_for_selector("#am-found:not(:empty)")
    assert page.locator("#am-found").inner_text() == f"{len(found)} claim" + (
        "s found" if len(found) != 1 else " found"
    )
    page.keyboard.press("Enter")
    assert page.locator("#am-svg g.am-selected").get_attribute("data-id") == found[0]


def test_every_control_and_element_is_reachable_and_labelled(
    open_reader: Any, article: ArgumentMap
) -> None:
    page = open_reader(article).page
    unnamed = page.evaluate("""() => [...document.querySelectorAll("button, input, [tabindex]")]
        .filter((e) => !(e.getAttribute("aria-label") || e.textContent.trim() || e.labels?.length))
        .map((e) => e.outerHTML.slice(0, 80))""")
    assert unnamed == []
    nodes = page.evaluate("""() => [...document.querySelectorAll("#am-svg g.am-el")]
        .map((n) => [n.dataset.id, n.tabIndex, n.getAttribute("aria-label")])""")
    ids = {c.id for c in article.claims} | {s.id for s in article.inferences}
    ids |= {o.id for o in article.objections}
    assert {node[0] for node in nodes} == ids
    assert all(tab == 0 and label for _, tab, label in nodes)
    # Tab from the start of the page reaches the map's elements; Enter selects.
    page.keyboard.press("Tab")
    for _ in range(40):
        if page.evaluate("document.activeElement.matches('#am-svg g.am-el')"):
            break
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.id")
    assert focused
    ring = page.locator("#am-marks .am-focus-ring")  # the visible focus, around it
    assert ring.evaluate("(r) => getComputedStyle(r).strokeWidth") == "3px"
    box, node = ring.bounding_box(), page.locator(f'#am-svg g.am-el[data-id="{focused}"]')
    inner = node.bounding_box()
    assert box is not None
    assert inner is not None
    assert box["x"] < inner["x"]
    assert box["x"] + box["width"] > inner["x"] + inner["width"]
    page.keyboard.press("Enter")
    assert page.locator("#am-svg g.am-selected").get_attribute("data-id") == focused


def test_light_dark_and_print(open_reader: Any, article: ArgumentMap) -> None:
    page = open_reader(article).page
    background = "() => getComputedStyle(document.body).backgroundColor"
    page.evaluate("document.documentElement.dataset.theme = 'light'")
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.keyboard.press("t")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate(background) == "rgb(22, 24, 29)"  # the dark palette's background
    assert page.locator("#am-theme").get_attribute("aria-pressed") == "true"
    page.emulate_media(media="print")
    assert page.evaluate(background) == "rgb(255, 255, 255)"  # print is always light
    assert not page.locator(".am-tools").is_visible()
    assert (
        page.locator("mark.am-q").first.evaluate("(m) => getComputedStyle(m).borderBottomStyle")
        == "solid"
    )


# --- Hostile text ----------------------------------------------------------------------


def test_hostile_text_is_shown_literally_and_stays_inert(open_reader: Any, tmp_path: Path) -> None:
    hostile = hostile_map(tmp_path)
    watched = open_reader(hostile)
    page = watched.page
    elements: list[Claim | Inference | Objection] = [
        *hostile.claims,
        *hostile.inferences,
        *hostile.objections,
    ]
    for element in elements:
        page.evaluate("(id) => window.argmap.select(id)", element.id)
        shown = page.locator("#am-panel").text_content() or ""
        for text in filter(None, [getattr(element, "text", None), element.note]):
            assert text in shown, (element.id, text)
    assert page.title() == hostile.title
    page.evaluate("window.argmap.reject('P0')")
    page.keyboard.press("p")
    page.keyboard.press("End")
    page.keyboard.press("Escape")
    assert page.evaluate("window.pwned") is None
    assert watched.problems == []
    assert len(watched.requests) == 1
    assert page.evaluate("document.scripts.length") == 2
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    handlers = page.evaluate("""() => [...document.querySelectorAll("*")].flatMap((e) =>
        [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name))""")
    assert handlers == []
    text = page.locator(".am-text").text_content()
    source = (tmp_path / "hostile.txt").read_text(encoding="utf-8")
    assert text == source
    assert page.locator("mark.am-q").count() >= len(HOSTILE)


@pytest.mark.parametrize("name", ["inject-dot", "inject-escapes", "inject-html", "inject-svg"])
def test_the_hostile_corpus_is_inert_in_the_page(open_reader: Any, name: str) -> None:
    hostile = argmap.load(DATA / "corpus" / f"{name}.yaml")
    watched = open_reader(hostile)
    page = watched.page
    for claim in hostile.claims:
        page.evaluate("(id) => window.argmap.select(id)", claim.id)
        assert claim.text in (page.locator("#am-panel").text_content() or "")
    assert page.title() == hostile.title
    assert page.evaluate("window.pwned") is None
    assert watched.problems == []
    assert len(watched.requests) == 1
    assert page.evaluate("document.scripts.length") == 2

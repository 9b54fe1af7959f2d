"""Every main page passes axe-core's WCAG 2.2 A/AA rules in a real browser.

Each page is loaded from a live `sankofa serve` node into headless Chromium (its
scripts run: the copy buttons exist), axe-core is injected from
tests/web/a11y/node_modules and run with the WCAG 2.0, 2.1 and 2.2 A and AA rules
and axe's best practices (one h1, headings in order, landmarks). English, Arabic
(right to left) and Swahili are checked.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import (
    ACCOUNT_EMAIL,
    ACCOUNT_PASSWORD,
    AXE,
    PAGES,
    SIGNED_IN_PAGES,
    LiveNode,
    fetch_page,
    main_pages,
)

LANGS = ["en", "ar", "sw"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then(result => done(JSON.parse(JSON.stringify(result.violations))))
  .catch(error => done({error: String(error)}));
"""


def describe(violations: list[dict[str, Any]]) -> str:
    """Each violation's rule, what it asks, and the elements at fault."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(RUN_AXE, TAGS)
    assert not isinstance(result, dict), f"axe-core failed: {result}"
    return list(result)


def sign_in(driver: Any, node: LiveNode, lang: str) -> None:
    """Sign in through the login form, as a reader would."""
    from django.conf import settings
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    login = main_pages(node, lang)["login"]
    fetch_page(node, login)
    driver.get(node.url(login))
    password = driver.find_element(By.CSS_SELECTOR, "form input[type=password]")
    form = password.find_element(By.XPATH, "ancestor::form")
    who = form.find_element(
        By.CSS_SELECTOR, "input[type=email], input[name=email], input[name=username]"
    )
    who.send_keys(ACCOUNT_EMAIL)
    password.send_keys(ACCOUNT_PASSWORD)
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    # the click only starts the submission: wait for the session the answer sets
    WebDriverWait(driver, 30).until(
        lambda d: any(c["name"] == settings.SESSION_COOKIE_NAME for c in d.get_cookies())
    )


def cookie_header(driver: Any) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_accessibility_violations(
    chromium: Any, live_node: LiveNode, page: str, lang: str
) -> None:
    path = main_pages(live_node, lang)[page]
    chromium.delete_all_cookies()
    try:
        headers = {}
        if page in SIGNED_IN_PAGES:
            sign_in(chromium, live_node, lang)
            headers["Cookie"] = cookie_header(chromium)
        fetch_page(live_node, path, **headers)
        chromium.get(live_node.url(path))
        assert chromium.execute_script("return document.documentElement.dir") == (
            "rtl" if lang == "ar" else "ltr"
        )
        violations = axe_violations(chromium)
    finally:
        chromium.delete_all_cookies()
    assert not violations, f"{path}:\n{describe(violations)}"


def test_axe_finds_violations(chromium: Any, live_node: LiveNode) -> None:
    """The gate can fail: a page made inaccessible in the browser is caught."""
    path = main_pages(live_node, "en")["home"]
    fetch_page(live_node, path)
    chromium.get(live_node.url(path))
    chromium.execute_script(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<input type=text name=x><img src=data:,>');"
        "document.documentElement.removeAttribute('lang');"
    )
    found = {v["id"] for v in axe_violations(chromium)}
    assert {"label", "image-alt", "html-has-lang"} <= found

"""A whole submission in a real browser on a live node: errors next to their fields for
assistive technology (axe-core), no script needed (skipped without Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.journals.submission_fixtures import BAD_ORCID, VALID_ORCID
from tests.web.browser import LiveNode, _cli, node_env


def test_a_browser_submits_to_a_journal(
    live_node: LiveNode, node_database: str | None, chromium: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.web.test_accessibility import axe_violations, describe, sign_in

    env = node_env(live_node.home, node_database)
    _cli(live_node.home, env, "journals", "create", "a2-browser", "--title", "Browser Letters")
    driver = chromium
    driver.delete_all_cookies()
    sign_in(driver, live_node, "en")
    driver.get(live_node.url("/en/journals/a2-browser/submit/"))
    driver.find_element(By.CSS_SELECTOR, "form.account-form button.primary").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/edit/"))

    def fill(element_id: str, value: str) -> None:
        field = driver.find_element(By.ID, element_id)
        field.clear()
        field.send_keys(value)

    def save(section: str) -> None:
        selector = f"section[aria-labelledby={section}] button.primary"
        driver.find_element(By.CSS_SELECTOR, selector).click()

    fill("id_title_en", "Letters in a browser")
    fill("id_abstract_en", "A submission made by clicking.")
    save("metadata")
    WebDriverWait(driver, 30).until(lambda d: "done=metadata" in d.current_url)

    fill("id_authors-0-surname", "Mensah")
    fill("id_authors-0-email", "ama@example.org")
    fill("id_authors-0-orcid", BAD_ORCID)
    driver.find_element(By.ID, "id_authors-0-corresponding").click()
    save("authors")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "id_authors-0-orcid-error"))
    orcid = driver.find_element(By.ID, "id_authors-0-orcid")
    assert orcid.get_attribute("aria-invalid") == "true"
    assert "check digit" in driver.find_element(By.ID, "id_authors-0-orcid-error").text
    violations = axe_violations(driver)  # the page with its errors, for assistive technology
    assert not violations, describe(violations)
    fill("id_authors-0-orcid", VALID_ORCID)
    save("authors")
    WebDriverWait(driver, 30).until(lambda d: "done=authors" in d.current_url)

    paper = tmp_path / "letters.pdf"
    paper.write_bytes(b"%PDF-1.4 letters\n")
    driver.find_element(By.ID, "id_file").send_keys(str(paper))
    driver.find_element(By.ID, "id_file").submit()
    WebDriverWait(driver, 30).until(lambda d: "done=file" in d.current_url)
    assert "letters.pdf" in driver.find_element(By.CSS_SELECTOR, "table.files").text

    save("finish")
    WebDriverWait(driver, 30).until(lambda d: "done=submitted" in d.current_url)
    assert "Letters in a browser" in driver.find_element(By.TAG_NAME, "h1").text
    assert "waiting for the editors" in driver.find_element(By.TAG_NAME, "main").text
    violations = axe_violations(driver)
    assert not violations, describe(violations)

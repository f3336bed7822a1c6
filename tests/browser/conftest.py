"""Browser tests: Debian's Chromium driven by Playwright's Python package.

Playwright's own browser download does not work on the project's machines,
so the system's Chromium is used (PYPYTEACH_CHROMIUM names another).  With
no browser or no playwright the tests skip, saying how to enable them;
PYPYTEACH_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure.
A failing test leaves a screenshot in tests/browser/artifacts/.
"""

import os
import shutil

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ARTIFACTS = os.path.join(HERE, "artifacts")
NOTEBOOKS = os.path.join(ROOT, "notebooks")

HOW = ("install Chromium (Debian: apt-get install chromium) and the test extras "
       "(pip install -e '.[test]', which brings playwright); PYPYTEACH_REQUIRE_BROWSER=1 "
       "turns this skip into a failure")


def unavailable(reason):
    if os.environ.get("PYPYTEACH_REQUIRE_BROWSER") == "1":
        pytest.fail("%s, and PYPYTEACH_REQUIRE_BROWSER=1 requires the browser tests to run" % reason)
    pytest.skip("browser tests skipped: %s; to run them, %s" % (reason, HOW))


def chromium_path():
    candidates = [os.environ.get("PYPYTEACH_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                  shutil.which("chromium"), shutil.which("chromium-browser"), shutil.which("google-chrome")]
    return next((path for path in candidates if path and os.path.exists(path)), None)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    executable = chromium_path()
    if executable is None:
        unavailable("no Chromium found (looked for /usr/bin/chromium and chromium on PATH)")
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)


@pytest.fixture
def page(browser, request):
    """A 1280x720 page (a projector's size); its errors are collected in
    ``page.errors``; a screenshot is kept when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        os.makedirs(ARTIFACTS, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.name)
        try:
            page.screenshot(path=os.path.join(ARTIFACTS, name + ".png"), full_page=True)
        except Exception as exc:  # a crashed page: the failure itself says more
            print("no screenshot: %s" % exc)
    context.close()


def course_notebooks():
    return sorted(name for name in os.listdir(NOTEBOOKS) if name.endswith(".ipynb"))


def click_next_and_wait(view):
    """Click a static view's next button; returns (index before, index after)."""
    before = int(view.get_attribute("data-index"))
    view.locator(".ppt-next").click()
    view.page.wait_for_function("([el, i]) => +el.getAttribute('data-index') !== i",
                                arg=[view.element_handle(), before])
    return before, int(view.get_attribute("data-index"))

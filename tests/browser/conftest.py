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


def jump_to_last(view):
    """Drag a static view's slider to its end (as a mouse drag would: input events)."""
    view.locator(".ppt-slider").evaluate(
        "s => { s.value = s.max; s.dispatchEvent(new Event('input', {bubbles: true})); }")
    last = int(view.locator(".ppt-slider").get_attribute("max"))
    view.page.wait_for_function("([el, i]) => +el.getAttribute('data-index') === i",
                                arg=[view.element_handle(), last])
    return last


def marked_rows_in_view(root):
    """Every marked row lies inside the visible part of its scrolling pane."""
    return root.evaluate("""el => Array.from(el.querySelectorAll('[data-ppt-cur]')).every(r => {
        let p = r.closest('.ppt-pane'); if (!p) return true;
        let a = p.getBoundingClientRect(), b = r.getBoundingClientRect();
        return b.top >= a.top - 1 && b.bottom <= a.bottom + 1; })""")


def click_next_and_wait(view):
    """Click a static view's next button; returns (index before, index after)."""
    before = int(view.get_attribute("data-index"))
    view.locator(".ppt-next").click()
    view.page.wait_for_function("([el, i]) => +el.getAttribute('data-index') !== i",
                                arg=[view.element_handle(), before])
    return before, int(view.get_attribute("data-index"))


# -- a throwaway JupyterLab ---------------------------------------------------------------------

class Lab:
    def __init__(self, url, token, folder):
        self.url, self.token, self.folder = url, token, folder

    def page_url(self, path):
        return "%s%s?token=%s" % (self.url, path, self.token)


# settings that keep JupyterLab's pop-ups out of the way, and every cell in
# the page (no windowing: the tests look for outputs anywhere in a notebook)
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                         "checkForUpdates": False},
}


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a free localhost port with a throwaway token, config,
    settings and trust database, serving copies of the course notebooks
    (trusted, as ``dev.py lab`` does); the kernel imports this checkout."""
    import json
    import secrets
    import subprocess
    import sys
    import time
    import urllib.request
    work = tmp_path_factory.mktemp("lab")
    folder = work / "notebooks"
    folder.mkdir()
    for name in course_notebooks():
        shutil.copy(os.path.join(NOTEBOOKS, name), str(folder / name))
    settings = work / "settings"
    for name, value in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_DATA_DIR=str(work / "data"),
               JUPYTER_RUNTIME_DIR=str(work / "runtime"), IPYTHONDIR=str(work / "ipython"),
               PYTHONPATH=os.pathsep.join([ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    subprocess.run([sys.executable, "-m", "jupyter", "trust"] + [str(folder / n) for n in course_notebooks()],
                   env=env, check=True, capture_output=True)
    # and a copy nobody trusted, as a notebook downloaded from elsewhere opens
    # (trust is by content: the copy must differ from the trusted one)
    for name in course_notebooks():
        with open(os.path.join(NOTEBOOKS, name), encoding="utf-8") as f:
            notebook = json.load(f)
        notebook["metadata"]["pypyteach_test"] = "an untrusted copy"
        (folder / ("untrusted-" + name)).write_text(json.dumps(notebook), encoding="utf-8")
    token, port = secrets.token_hex(16), free_port()
    log = open(str(work / "lab.log"), "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         "--ServerApp.port=%d" % port, "--ServerApp.port_retries=0", "--ServerApp.allow_root=True", "--IdentityProvider.token=%s" % token,
         "--ServerApp.root_dir=%s" % folder, "--LabApp.user_settings_dir=%s" % settings,
         "--LabApp.workspaces_dir=%s" % (work / "workspaces")],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(folder))
    url = "http://127.0.0.1:%d/" % port
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url + "api/status?token=" + token, timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n" + open(str(work / "lab.log")).read()[-3000:])
                time.sleep(0.5)
        yield Lab(url, token, str(folder))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

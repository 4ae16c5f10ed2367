"The docs site, built as `make docs` builds it and opened in headless Chromium as a reader would."
import os, shutil, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT/'tests'/'artifacts'
PAGES = {'index.html': 'hylorada', 'data_and_models.html': 'Data and models'}  # the index and a component page


def _chromium():
    "Chromium and its driver: Debian's by default, or the ones $CHROMIUM and $CHROMEDRIVER name"
    exe = shutil.which(os.environ.get('CHROMIUM', 'chromium'))
    driver = shutil.which(os.environ.get('CHROMEDRIVER', 'chromedriver'))
    if exe and driver: return exe, driver
    msg = "headless Chromium is needed: `apt-get install chromium chromium-driver`"
    if os.environ.get('CI'): pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('docs')/'_docs'
    subprocess.run([sys.executable, ROOT/'tools'/'build_docs.py', '--offline', '--out', out], cwd=ROOT, check=True)
    return out


@pytest.fixture(scope='module')
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    exe, driver = _chromium()
    opts = webdriver.ChromeOptions()
    opts.binary_location = exe
    for a in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
              '--disable-background-networking', '--disable-component-update', '--window-size=1280,1600'):
        opts.add_argument(a)
    b = webdriver.Chrome(service=Service(driver), options=opts)
    yield b
    b.quit()


@pytest.mark.parametrize('page,title', PAGES.items())
def test_page_renders(site, browser, page, title):
    from selenium.webdriver.support.ui import WebDriverWait
    browser.get((site/page).as_uri())
    WebDriverWait(browser, 60).until(lambda b: b.execute_script(
        "return window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 && MathJax.isReady"))
    assert title in browser.title
    assert browser.find_element('css selector', 'h1').text.startswith(title)
    text = browser.find_element('tag name', 'body').text
    assert '$$' not in text and '\\frac' not in text and '\\mathrm' not in text, "math left untypeset"
    assert browser.execute_script("return document.querySelectorAll('.MathJax_Display, .MathJax').length") > 0
    imgs = browser.execute_script("return Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.src.slice(0, 40)])")
    assert all(ok for ok, _ in imgs), f"images that did not load: {[s for ok, s in imgs if not ok]}"
    if page != 'index.html': assert imgs, "a component page should show its plots"
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS/page.replace('.html', '.png')))


def test_docs_run_no_cell_with_imports_and_code():
    "The docs build runs every cell that imports; one that also computes would run (and may fail) there too"
    import warnings
    from execnb.nbio import read_nb
    from nbdev.process import NBProcessor
    from nbdev.processors import _do_eval
    mixed = []
    for f in sorted((ROOT/'nbs').glob('*.ipynb')):
        nb = read_nb(f)
        NBProcessor(f, [], nb=nb)  # parses each cell's directives
        for c in nb.cells:
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter('always')
                _do_eval(c)
            if w: mixed.append(f"{f.name} cell {c.idx_}: {c.source.splitlines()[0]}")
    assert not mixed, "move the imports into a cell of their own:\n" + '\n'.join(mixed)


def _reading_order() -> list[str]:
    "The notebooks in the sidebar's order"
    import re
    return re.findall(r'^\s*- (\w+\.ipynb)\s*$', (ROOT/'nbs'/'_quarto.yml').read_text(), re.M)


def test_reading_path():
    "Every notebook is in the sidebar in the order of its number, its last visible cell links to the next one, and the index lists them in that order"
    import json, re
    order = _reading_order()
    on_disk = sorted(p.name for p in (ROOT/'nbs').glob('[0-9]*.ipynb'))
    assert order[1:] == on_disk and order[0] == 'index.ipynb', f"sidebar {order} against the numbered files {on_disk}"
    for here, nxt in zip(order[1:], order[2:] + ['index.ipynb']):
        cells = json.loads((ROOT/'nbs'/here).read_text())['cells']
        last = [c for c in cells if c['cell_type'] == 'markdown'][-1]
        assert f"]({nxt}" in ''.join(last['source']), f"{here}: its last text cell does not link to {nxt}"
    index = ''.join(c for cell in json.loads((ROOT/'nbs'/'index.ipynb').read_text())['cells'] for c in cell['source'])
    listed = list(dict.fromkeys(re.findall(r'^- \[[^\]]+\]\((\d\d_\w+\.ipynb)\)', index, re.M)))
    assert listed == order[1:], f"the index lists {listed}, the sidebar {order[1:]}"


def test_page_times():
    "Every numbered notebook has a recorded test time (tools/page_times.py) under 30 seconds"
    import json
    times = json.loads((ROOT/'nbs'/'page_times.json').read_text())
    on_disk = sorted(p.name for p in (ROOT/'nbs').glob('[0-9]*.ipynb'))
    assert sorted(times) == on_disk, f"page_times.json has {sorted(times)}, the folder {on_disk}: run tools/page_times.py on a make test log"
    slow = {p: s for p, s in times.items() if s >= 30}
    assert not slow, f"notebooks that test in 30 s or more: {slow}"


def test_sidebar_reaches_every_page(site, browser):
    "From the index, the sidebar links every notebook of the reading order, and each link opens a page with its title"
    browser.get((site/'index.html').as_uri())
    links = browser.execute_script("return Array.from(document.querySelectorAll('nav.hy-sidebar a')).map(a => a.href)")
    pages = [l.rsplit('/', 1)[-1] for l in links if not l.endswith('#')]
    assert len(set(pages) - {'index.html'}) == len(_reading_order()) - 1, f"sidebar links: {pages}"
    for l in dict.fromkeys(links):
        browser.get(l)
        assert browser.find_element('css selector', 'h1').text.strip(), f"{l}: no title"
        assert 'current' in browser.execute_script("return Array.from(document.querySelectorAll('nav.hy-sidebar a')).filter(a => a.href === location.href).map(a => a.className).join(' ')"), l

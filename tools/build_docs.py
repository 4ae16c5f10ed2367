"""Build the documentation site into `_docs/`, or `README.md` from `nbs/index.ipynb` (`--readme`).

With Quarto installed this is `nbdev_docs`. Without it (Quarto is not on PyPI, Debian or npm) the site
is built offline: nbdev processes the notebooks exactly as it does for Quarto (show_doc, exported
source, hidden cells, front matter), nbconvert renders each one to HTML with MathJax served from a local
copy, and a sidebar is made from the sections of `nbs/_quarto.yml`.
"""
import argparse, html, re, shutil, subprocess, sys
from pathlib import Path

import nbformat, yaml
from nbconvert import HTMLExporter, MarkdownExporter
from traitlets.config import Config
from nbdev.config import get_config
from nbdev.doclinks import _build_modidx
from nbdev.quarto import refresh_quarto_yml
from nbdev.serve import proc_nbs

CFG = get_config()
NBS, ROOT = CFG.nbs_path, CFG.config_path
MATHJAX = 'mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe'


def sidebar():
    "[(section or None, [notebook names])] from the sidebar of `nbs/_quarto.yml`"
    out = []
    for item in yaml.safe_load((NBS/'_quarto.yml').read_text())['website']['sidebar']['contents']:
        if isinstance(item, str): out.append((None, [item]))
        else: out.append((item['section'], item.get('contents') or []))
    return out


def front_matter(nb):
    "Remove the raw front-matter cell nbdev writes and return its fields"
    for i, c in enumerate(nb.cells):
        if c.cell_type == 'raw' and c.source.startswith('---'):
            del nb.cells[i]
            return yaml.safe_load(c.source.strip().strip('-')) or {}
    return {}


def directives(cell):
    "Quarto cell options (`#| key: value`) of a processed code cell, removed from its source"
    lines = cell.source.splitlines()
    opts = dict(re.match(r'#\|\s*([\w-]+):\s*(.*)', l).groups() for l in lines if re.match(r'#\|\s*[\w-]+:', l))
    cell.source = '\n'.join(l for l in lines if not l.startswith('#|'))
    return opts


def load_page(name, out_names):
    "A processed notebook made ready for nbconvert: title cell, hidden inputs, links to pages"
    nb = nbformat.read(ROOT/'_proc'/name, as_version=4)
    nb.metadata.setdefault('language_info', {'name': 'python'})
    fm = front_matter(nb)
    for c in nb.cells:
        if c.cell_type == 'code' and directives(c).get('echo') == 'false':
            c.metadata.setdefault('tags', []).append('remove_input')
        for o in c.get('outputs', []):  # show_doc's "source" link carries pandoc attributes
            if 'text/markdown' in o.get('data', {}):
                o.data['text/markdown'] = re.sub(r'\[source\]\(([^)]+)\)\{[^}]*\}', r'<a href="\1" class="source-link">source</a>',
                                                 o.data['text/markdown'])
        if c.cell_type == 'markdown':
            c.source = re.sub(r'\]\(([\w.-]+)\.ipynb(#[\w-]*)?\)',
                              lambda m: f"]({out_names.get(m[1] + '.ipynb', m[1] + '.html')}{m[2] or ''})", c.source)
    desc = re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(fm.get('description', '')))
    desc = f'\n\n<p class="description">{desc}</p>' if desc else ''
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {fm.get('title', name)}{desc}"))
    return nb, fm


def nav_html(pages, current):
    "The sidebar: sections and their pages, the current one marked"
    items = []
    for section, names in sidebar():
        links = ''.join(f'<li><a href="{pages[n][0]}"{" class=current" if n == current else ""}>'
                        f'{html.escape(pages[n][1])}</a></li>' for n in names if n in pages)
        items.append(f'<li class="section">{html.escape(section)}<ul>{links}</ul></li>' if section else links)
    return f'<nav class="hy-sidebar"><a class="site" href="index.html">{html.escape(CFG.title)}</a><ul>{"".join(items)}</ul></nav>'


SIDEBAR_CSS = """<style>
body { margin-left: 17rem !important; }
.hy-sidebar { position: fixed; top: 0; left: 0; width: 15rem; height: 100%; overflow-y: auto; padding: 1rem;
  background: #f7f7f9; border-right: 1px solid #ddd; font-family: system-ui, sans-serif; font-size: 14px; }
.hy-sidebar ul { list-style: none; padding-left: 0.6rem; } .hy-sidebar .section { font-weight: 600; margin-top: .6rem; }
.hy-sidebar .section li { font-weight: 400; } .hy-sidebar a { text-decoration: none; color: #2c5e9e; }
.hy-sidebar a.current { font-weight: 700; } .hy-sidebar .site { font-size: 18px; font-weight: 700; }
a.source-link { float: right; font-size: smaller; }
p.description { font-style: italic; font-size: 125%; opacity: 70%; }
</style>"""


def build_offline(out: Path):
    _build_modidx(); refresh_quarto_yml()
    proc_nbs(NBS)
    names = [n for _, ns in sidebar() for n in ns if (ROOT/'_proc'/n).exists()]
    missing = [n for _, ns in sidebar() for n in ns if not (NBS/n).exists()]
    if missing: sys.exit(f"nbs/_quarto.yml lists notebooks that do not exist: {missing}")
    out_names = {n: front_matter(nbformat.read(ROOT/'_proc'/n, as_version=4)).get('output-file', Path(n).with_suffix('.html').name)
                 for n in names}
    loaded = {n: load_page(n, out_names) for n in names}
    pages = {n: (out_names[n], fm.get('title', n)) for n, (nb, fm) in loaded.items()}
    c = Config(); c.TagRemovePreprocessor.update(enabled=True, remove_input_tags={'remove_input'})
    exp = HTMLExporter(config=c, template_name='lab', mathjax_url=MATHJAX, exclude_input_prompt=True,
                       exclude_output_prompt=True)
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    for n, (nb, fm) in loaded.items():
        body, _ = exp.from_notebook_node(nb, resources=dict(metadata=dict(name=fm.get('title', n))))
        body = re.sub(r'(<body[^>]*>)', lambda m: m[1] + nav_html(pages, n), body, count=1)
        body = re.sub(r'<script src="https?://[^"]*require[^"]*"></script>', '', body)  # no CDN offline
        body = body.replace(f"{CFG.doc_host}{CFG.doc_baseurl}/", '')                   # links to our own pages
        (out/out_names[n]).write_text(body.replace('</head>', SIDEBAR_CSS + '</head>', 1), encoding='utf-8')
    import jupyter_server_mathjax
    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent/'static', out/'mathjax')
    print(f"Built {len(loaded)} pages into {out}/ (offline; open {out/'index.html'})")


def build_readme():
    "README.md from the processed index notebook, as GitHub-flavoured markdown"
    proc_nbs(NBS)
    nb = nbformat.read(ROOT/'_proc'/CFG.readme_nb, as_version=4)
    nb.metadata.setdefault('language_info', {'name': 'python'})
    fm = front_matter(nb)
    for c in nb.cells:
        if c.cell_type == 'code' and directives(c).get('echo') == 'false': c.metadata.setdefault('tags', []).append('remove_input')
        if c.cell_type == 'markdown': c.source = re.sub(r'\]\(([\w.-]+\.ipynb)', r'](nbs/\1', c.source)
    nb.cells = [c for c in nb.cells if not (c.cell_type == 'markdown' and 'AUTOGENERATED' in c.source)]
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {fm.get('title', CFG.title)}\n\n> {fm.get('description', '')}"))
    c = Config(); c.TagRemovePreprocessor.update(enabled=True, remove_input_tags={'remove_input'})
    md, _ = MarkdownExporter(config=c, exclude_input_prompt=True, exclude_output_prompt=True).from_notebook_node(nb)
    (ROOT/'README.md').write_text('<!-- Made from nbs/index.ipynb by `make readme`: edit the notebook, not this file. -->\n\n'
                                  + re.sub(r'\n{3,}', '\n\n', md).strip() + '\n', encoding='utf-8')
    print("Wrote README.md")


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--readme', action='store_true', help='write README.md from nbs/index.ipynb')
    ap.add_argument('--offline', action='store_true', help='never use Quarto, even where it is installed')
    ap.add_argument('--out', default=str(ROOT/CFG.doc_path.name), help='output folder of the offline build')
    a = ap.parse_args()
    if a.readme: build_readme()
    elif shutil.which("quarto") and not a.offline: subprocess.run([Path(sys.executable).parent/"nbdev_docs"], check=True)
    else: build_offline(Path(a.out))

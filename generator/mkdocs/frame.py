"""The page frame around the generated content, in the site's language and with nothing
loaded from elsewhere: the section links under the header, the light/dark toggle, the footer
and the 404 page. Material for MkDocs draws the rest of the frame; these pieces replace its
English-only footer and 404 page and its script (which fetches `<site_url>/sitemap.xml`, off
the site when the site is not served from its final address, and which our pages do not need:
the menu, the table of contents and the search work without it)."""

from __future__ import annotations

import jinja2
from markupsafe import escape

from ..site import QUESTIONS, SEARCH

THEME = "portraits:material/"  # prefix of the theme's own template, so an editor's override still applies
PREBUILT = "portraits-prebuilt.html"  # what MkDocs renders for a page written ahead (frames.py)
# Jinja sources put before the theme's templates (`install`).
THEME_TEMPLATES = {
    "main.html": """{% extends "portraits:material/main.html" %}
{% block scripts %}{% for script in config.extra_javascript %}{{ script | script_tag }}{% endfor %}{% endblock %}""",
    "partials/copyright.html": """<div class="md-copyright">
{% if config.copyright %}<div class="md-copyright__highlight">{{ config.copyright }}</div>{% endif %}
{{ portraits_label("made_with") }} <a href="https://www.mkdocs.org/">MkDocs</a>, <a href="https://squidfunk.github.io/mkdocs-material/">Material for MkDocs</a>.
</div>""",
    "404.html": """{% extends "main.html" %}
{% block htmltitle %}<title>{{ portraits_label("not_found") }} – {{ config.site_name }}</title>{% endblock %}
{% block content %}
<h1>{{ portraits_label("not_found") }}</h1>
<p>{{ portraits_label("not_found_text") }}</p>
<ul>
<li><a href="{{ '.' | url }}">{{ portraits_label("home") }}</a></li>
<li><a href="{{ 'SEARCH_URL' | url }}">{{ portraits_label("search") }}</a></li>
<li><a href="{{ 'QUESTIONS_URL' | url }}">{{ portraits_label("questions") }}</a></li>
</ul>
{% endblock %}""".replace("SEARCH_URL", SEARCH).replace("QUESTIONS_URL", QUESTIONS),
    PREBUILT: "",
}

# Before the first paint: the reader's own choice of palette, if they made one.
HEAD_SCRIPT = ('<script>try{var t=localStorage.getItem("portraits-theme");'
               'if(t)document.documentElement.setAttribute("data-theme",t)}catch(e){}</script>\n')

MOON = ('<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3a9 9 0 1 0 9 9 7 7 0 0 1-9-9Z"/></svg>')
TOGGLE_SCRIPT = """<script>(function(){var b=document.currentScript.previousElementSibling,r=document.documentElement;
function dark(){var t=r.getAttribute("data-theme");return t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches}
function show(){b.setAttribute("aria-pressed",dark()?"true":"false")}
b.addEventListener("click",function(){var t=dark()?"light":"dark";r.setAttribute("data-theme",t);
try{localStorage.setItem("portraits-theme",t)}catch(e){}show()});show()})()</script>"""


def install(env: jinja2.Environment, label) -> jinja2.Environment:
    """The footer, the 404 page and the main template without the theme's script, before the
    theme's own templates (hook `on_env`); `label` gives the site's words to them."""
    theme_loader = env.loader

    def load(name: str):
        if name in THEME_TEMPLATES:
            return THEME_TEMPLATES[name], None, lambda: True
        if name.startswith(THEME) and name.removeprefix(THEME) in THEME_TEMPLATES:
            return theme_loader.get_source(env, name.removeprefix(THEME))
        return None

    env.loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(load), theme_loader])
    env.globals["portraits_label"] = label
    return env


def sections_of(items) -> list[tuple[str, str]]:
    """(title, URL) of the navigation's top items worth a link under the header: not the home,
    not the search page (the header has its button)."""
    return [(item.title, item.url) for item in items
            if getattr(item, "url", None) not in (None, "", SEARCH) and item.title]


def theme_toggle(label: str) -> str:
    """A button in the header that switches between the light and the dark palette."""
    return (f'<button type="button" class="md-header__button portrait-theme-toggle" aria-pressed="false" '
            f'title="{escape(label)}" aria-label="{escape(label)}">{MOON}</button>{TOGGLE_SCRIPT}')


def section_links(sections: list[tuple[str, str]], current: str, label: str) -> str:
    """The site's sections (questions, organisations…) as a row of links under the header,
    visible at every width. `sections`: (title, relative URL); `current`: the page's own."""
    current_attr = ' aria-current="page"'
    items = "".join(f'<li><a href="{escape(href)}"{current_attr if href == current else ""}>'
                    f'{escape(title)}</a></li>' for title, href in sections)
    return f'<nav class="portrait-sections" aria-label="{escape(label)}"><ul>{items}</ul></nav>'


def add_frame(output: str, *, sections: str, toggle: str) -> str:
    """`output` (a whole page) with the reader's palette set before paint, the toggle at the
    end of the header and the section links right below it."""
    output = output.replace("</head>", HEAD_SCRIPT + "</head>", 1)
    header = output.find('<nav class="md-header__inner')
    end = output.find("</nav>", header)
    if header >= 0 and end >= 0:
        output = output[:end] + toggle + output[end:]
    close = output.find("</header>")
    if close >= 0:
        close += len("</header>")
        output = output[:close] + sections + output[close:]
    return output

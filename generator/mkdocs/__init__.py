"""The MkDocs adapter: the only code that imports MkDocs (or Material).

`plugin` holds the hooks, which only delegate: `config` translates mkdocs.yml into the core's
`Settings`, `files` hands the rendered pages over as generated files and builds the
navigation, `pages` passes the HTML pages through MkDocs without a Markdown step, `head` adds
what the core renders for each page's <head>, `theme_nav` renders the theme's navigation once
per folder depth, `indexer` runs the search index alongside the build, and `swap` makes the
new site replace the previous one only when it is complete."""

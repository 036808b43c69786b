"""The public community site: data pages generated from the books, then built by MkDocs.

`sif site build` runs `generate.build_site`: a plain Python step writes the
network directory, concepts, menu card, agenda (with its iCalendar feed) and
community figures as Markdown, HTML blocks, JSON and ICS into generated folders
of `site/`, then MkDocs builds `site/` as configured in `mkdocs.yml`. No MkDocs
hook or plugin generates anything, so any builder that reads `mkdocs.yml`
(Zensical too) builds the same pages.

Modules: `safe` (escaping, links, tables), `words` (dates, numbers, money),
`context` (one language's build: its catalog, the page names), `render` (the
Jinja templates of `templates/`: cards, profiles, tables, charts), `network`
(directory, member pages, JSON index, introductions), `pages` (concepts, menu
card), `home` (home and join pages), `agenda` and `ical` (events), `figures`
(aggregates and the chart), `questions` (open requests), `checks` (the site's
warnings in `sif check`), `generate` (the whole run, in the community's
languages). The words are the site catalog's (`sif/locale/<lang>/LC_MESSAGES/
site.po`) with the books' own `locale/` over it.
"""

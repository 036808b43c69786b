"""The home page and the join page: the network's front door.

Both are generated, because what they say comes from the books: the SIF's
value and VAT from `services.yaml` (never a figure typed into a page), the
expertise people look for from the directory, the roles from the taxonomy,
and the address to write to from the operator's member file.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sif.model.events import Event
from sif.model.menu import MenuCard
from sif.site.context import Context
from sif.site.public import Profile
from sif.site.render import part
from sif.site.safe import SiteFile, front_matter, md, rel_link
from sif.site.words import long_date, money, number

HOME = "index.md"
#: How many expertise shortcuts the home page offers.
TOP_EXPERTISE = 8


def value_sentence(menu: MenuCard, ctx: Context) -> str:
    """ "1 SIF = € 50,00 (exclusief 21% btw)" as of the build day, or "" without a value."""
    value = menu.currency.value_on(ctx.today)
    vat = menu.vat_percent_on(ctx.today)
    if value is None:
        return ""
    code, worth = menu.currency.code, money(value, ctx.language, menu.currency.fiat)
    if vat is None:
        return f"1 {code} = {worth}"
    rate = number(vat, ctx.language, 0)
    return ctx._("1 {code} = {worth} (excluding {rate}% VAT)", code=code, worth=worth, rate=rate)


def _expertise_links(listed: list[Profile], ctx: Context) -> str:
    """Buttons to the directory filtered on the expertise most members offer."""
    counts = Counter(tag for profile in listed for tag in profile.expertise)
    top = sorted(counts, key=lambda tag: (-counts[tag], ctx.label("expertise", tag)))
    items = [
        (
            rel_link(HOME, ctx.pages.network_index) + f"?expertise={tag}",
            ctx.label("expertise", tag),
        )
        for tag in top[:TOP_EXPERTISE]
    ]
    return str(part("links", items))


def _explainer(ctx: Context) -> str:
    """The home page's line about the page that explains the currency, when there is one."""
    if not ctx.explainer:
        return ""
    return ctx._(
        "- **[How does the {code} work?]({explainer_page})**: earning, "
        "spending and your monthly statement.\n"
    )


def _more(ctx: Context) -> str:
    if not ctx.explainer:
        return ""
    return " " + ctx._("[More]({explainer_page}).")


def home_page(menu: MenuCard, listed: list[Profile], ctx: Context) -> SiteFile:
    name = menu.name
    value = value_sentence(menu, ctx)
    code = menu.currency.code
    text = front_matter(ctx._("Welcome")) + f"# {md(name)}\n\n"
    text += ctx._(
        "{name} is a community whose members help each other, and trade what "
        "they give and receive in their own currency: the **{code}**.",
        name=md(name),
        code=md(code),
    )
    text += "\n\n"
    if value:
        text += str(part("value", value)) + "\n\n"
    join = ctx._("Join the network")
    text += f"[{join}]({ctx.pages.page('join')}){{ .md-button .md-button--primary }}\n\n"
    text += ctx._("## Find someone\n\nWho knows about…\n\n")
    text += _expertise_links(listed, ctx) + "\n\n"
    text += ctx._(
        "- **[The network]({network_index})**: find the right contact by role, "
        "expertise or town, and ask for an introduction.\n- "
        "**[Concepts]({concepts_index})**: the projects of the community's "
        "members.\n- **[Events]({events_index})**: what is coming up, also as a "
        "calendar to subscribe to.\n- **[Open questions]({questions_page})**: "
        "what members are looking for help with now.\n- **[Menu "
        "card]({menu_page})**: what each service is worth in "
        "{code}.\n{explainer}- **[Figures]({figures_page})**: the community in "
        "totals.\n\n## Privacy\n\nEveryone in the network chose to be there, and "
        "chose which details are shown. Balances and feedback are never "
        "public. Want to change something or disappear from the site? Tell "
        "{name}: it is done at the next build of the site.\n",
        explainer=_explainer(ctx),
    )
    return SiteFile(HOME, text)


def join_page(menu: MenuCard, events: list[Event], ctx: Context) -> SiteFile:
    """`lid-worden.md`: who can join, what it costs, the SIF in three sentences, how to apply."""
    code = menu.currency.code
    value = menu.currency.value_on(ctx.today) or Decimal(0)
    vat = menu.vat_percent_on(ctx.today) or Decimal(0)
    worth, rate = money(value, ctx.language, menu.currency.fiat), number(vat, ctx.language, 0)
    roles = ", ".join(
        ctx.label("roles", role)
        for role in ("innovator", "coach", "facilitator", "funder", "researcher")
    )
    earn = [
        s.name(ctx.language).lower()
        for s in menu.services.values()
        if s.flow != "member-to-operator"
    ]
    title = ctx._("Join")
    text = front_matter(title) + f"# {title}\n\n"
    text += ctx._("## Who can join?\n\n")
    text += ctx._(
        "Anyone who wants to take part: {roles}; as a person or as an "
        "organisation. It is an open network, not a membership organisation.",
        roles=roles,
    )
    text += "\n\n" + ctx._("## What does it cost?\n\n")
    if menu.currency.value_on(ctx.today) is None:
        text += ctx._(
            "No membership fee, and no money: what you give earns you {code}, what you "
            "receive costs {code}. What each service is worth is on the [menu card]({menu_page})."
        )
    else:
        text += ctx._(
            "No membership fee. You only pay for what you receive, in {code}: 1 "
            "{code} is worth {worth}, plus {rate}% VAT. What you give earns you "
            "{code}. What each service is worth is on the [menu "
            "card]({menu_page}).",
            code=code,
            worth=worth,
            rate=rate,
        )
    text += "\n\n" + ctx._("## How does the {code} work?\n\n", code=code)  # fmt: skip
    text += ctx._(
        "You earn {code} when you share your knowledge ({earn}). You spend "
        "{code} when you receive help. Every month {name} sends you a "
        "statement: you do no administration yourself.",
        code=code,
        earn=", ".join(earn),
    )
    text += _more(ctx)
    text += "\n\n" + ctx._("## How to apply\n\n")
    subject = ctx._("Joining the network of {name}", name=menu.name)
    body = ctx._(
        "Dear {name},\n\nI would like to join the network.\n\nName and "
        "organisation:\nMy expertise:\nWhat I am looking for:\n\n"
    )
    text += ctx._(
        "Send {name} an e-mail saying who you are, what you can do and what "
        "you are looking for. {name} creates your profile; you choose what of "
        "it is public on this site."
    )
    text += "\n\n"
    if (href := ctx.mailto(subject, body)) is not None:
        label = ctx._("Apply by e-mail")
        text += (
            "<p>" + str(part("button", href, label, "md-button md-button--primary")) + "</p>\n\n"
        )
    upcoming = [e for e in events if e.kind == "infosession" and e.upcoming(ctx.today)]
    if upcoming:
        first = upcoming[0]
        day = long_date(first.date, ctx.language)
        link = f"[{md(first.title)}]({ctx.pages.event(first.id)})"
        text += ctx._(
            "Or come and meet us first at an information session: {link}, {day}.",
            link=link,
            day=day,
        )
        text += "\n"
    return SiteFile(ctx.pages.page("join"), text)

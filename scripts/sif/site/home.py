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
from sif.site.agenda import event_page_path
from sif.site.context import EXPLAINER, Context
from sif.site.public import Profile
from sif.site.safe import SiteFile, front_matter, h, md, rel_link
from sif.site.words import long_date, money, number

HOME = "index.md"
JOIN = "lid-worden.md"
#: How many expertise shortcuts the home page offers.
TOP_EXPERTISE = 8


def value_sentence(menu: MenuCard, ctx: Context) -> str:
    """ "1 SIF = € 50,00 (exclusief 21% btw)" as of the build day, or "" without a value."""
    value = menu.currency.value_on(ctx.today)
    vat = menu.vat_percent_on(ctx.today)
    if value is None:
        return ""
    code, worth = menu.currency.code, money(value, ctx.language)
    if vat is None:
        return f"1 {code} = {worth}"
    rate = number(vat, ctx.language, 0)
    return ctx.t(
        f"1 {code} = {worth} (exclusief {rate}% btw)",
        f"1 {code} = {worth} (hors TVA de {rate} %)",
        f"1 {code} = {worth} (excluding {rate}% VAT)",
    )


def _expertise_links(listed: list[Profile], ctx: Context) -> str:
    """Buttons to the directory filtered on the expertise most members offer."""
    counts = Counter(tag for profile in listed for tag in profile.expertise)
    top = sorted(counts, key=lambda tag: (-counts[tag], ctx.label("expertise", tag)))
    items = []
    for tag in top[:TOP_EXPERTISE]:
        href = rel_link(HOME, "netwerk/index.md") + f"?expertise={tag}"
        items.append(f'<li><a href="{h(href)}">{h(ctx.label("expertise", tag))}</a></li>')
    if not items:
        return ""
    return f'<ul class="sif-tags sif-shortcuts">{"".join(items)}</ul>'


def _explainer(ctx: Context) -> str:
    """The home page's line about the page that explains the currency, when there is one."""
    if not ctx.explainer:
        return ""
    return ctx.t(
        f"- **[Hoe werkt de SIF?]({EXPLAINER})**: verdienen, uitgeven, btw en je maandelijks "
        "rekeningoverzicht.\n",
        f"- **[Comment fonctionne le SIF ?]({EXPLAINER})** : gagner, dépenser, TVA et relevé "
        "mensuel.\n",
        f"- **[How does the SIF work?]({EXPLAINER})**: earning, spending, VAT and your monthly "
        "statement.\n",
    )


def _more(ctx: Context) -> str:
    if not ctx.explainer:
        return ""
    return " " + ctx.t(
        f"[Meer uitleg]({EXPLAINER}).", f"[En savoir plus]({EXPLAINER}).", f"[More]({EXPLAINER})."
    )


def home_page(menu: MenuCard, listed: list[Profile], ctx: Context) -> SiteFile:
    name = menu.name
    value = value_sentence(menu, ctx)
    code = menu.currency.code
    text = front_matter(ctx.t("Welkom", "Bienvenue", "Welcome")) + f"# {md(name)}\n\n"
    text += ctx.t(
        f"{md(name)} promoot, begeleidt en ondersteunt sociaal ondernemerschap en sociale "
        "innovatie. Het netwerk is open: organisaties, coöperaties, vzw's, coaches, "
        "facilitatoren, financiers, onderzoekers en iedereen die op de hoogte wil blijven. "
        f"Innovatoren coachen elkaar, en ruilen die kennis in hun eigen munt: de **{md(code)}**.",
        f"{md(name)} promeut, accompagne et soutient l'entrepreneuriat social et "
        "l'innovation sociale. Le réseau est ouvert : organisations, coopératives, asbl, "
        "coachs, facilitateurs, financeurs, chercheurs et toute personne qui veut rester "
        "informée. Les innovateurs se coachent entre eux et échangent ce savoir dans leur "
        f"propre monnaie : le **{md(code)}**.",
        f"{md(name)} promotes, coaches and supports social entrepreneurship and social "
        "innovation. The network is open: organisations, cooperatives, non-profits, coaches, "
        "facilitators, funders, researchers and anyone who wants to stay informed. Innovators "
        f"coach each other, and trade that knowledge in their own currency: the **{md(code)}**.",
    )
    text += "\n\n"
    if value:
        text += f'<p class="sif-value"><strong>{h(value)}</strong></p>\n\n'
    join = ctx.t("Word lid van het netwerk", "Rejoindre le réseau", "Join the network")
    text += f"[{join}]({JOIN}){{ .md-button .md-button--primary }}\n\n"
    text += ctx.t(
        "## Zoek een coach\n\nWie kent er iets van…\n\n",
        "## Trouver un coach\n\nQui s'y connaît en…\n\n",
        "## Find a coach\n\nWho knows about…\n\n",
    )
    text += _expertise_links(listed, ctx) + "\n\n"
    text += ctx.t(
        "- **[Het netwerk](netwerk/index.md)**: vind de juiste contactpersoon, op rol, "
        "expertise of gemeente, en vraag een introductie.\n"
        "- **[Concepten](concepten/index.md)**: de sociale innovaties die de Fabriek begeleidt.\n"
        "- **[Agenda](agenda/index.md)**: infosessies, workshops, Bootcamps en Solution Labs, "
        "ook als kalender om je op te abonneren.\n"
        "- **[Open vragen](vragen.md)**: waar innovatoren nu hulp bij zoeken.\n"
        "- **[Menukaart](menukaart.md)**: wat een dienst kost in SIF en in euro.\n"
        + _explainer(ctx)
        + "- **[Cijfers](cijfers.md)**: de community in totalen.\n\n"
        "## Privacy\n\n"
        "Wie in het netwerk staat, koos daar zelf voor, en koos ook welke gegevens hier staan. "
        "Saldi, facturen en feedback zijn nooit publiek. Wil je iets aanpassen of van de site "
        "verdwijnen? Laat het de Fabriek weten: bij de volgende bouw van de site is het "
        "aangepast.\n",
        "- **[Le réseau](netwerk/index.md)** : trouvez la bonne personne par rôle, expertise "
        "ou commune, et demandez une introduction.\n"
        "- **[Concepts](concepten/index.md)** : les innovations sociales accompagnées par la "
        "Fabriek.\n"
        "- **[Agenda](agenda/index.md)** : séances d'information, ateliers, Bootcamps et "
        "Solution Labs, aussi en calendrier à suivre.\n"
        "- **[Questions ouvertes](vragen.md)** : ce sur quoi des innovateurs cherchent de "
        "l'aide.\n"
        "- **[Carte des services](menukaart.md)** : le prix d'un service en SIF et en euros.\n"
        + _explainer(ctx)
        + "- **[Chiffres](cijfers.md)** : la communauté en totaux.\n\n"
        "## Vie privée\n\n"
        "Les membres du réseau ont choisi d'y figurer, et ont choisi les données affichées ici. "
        "Les soldes, factures et avis ne sont jamais publics. Vous voulez modifier quelque "
        "chose ou disparaître du site ? Dites-le à la Fabriek : ce sera fait à la prochaine "
        "construction du site.\n",
        "- **[The network](netwerk/index.md)**: find the right contact by role, expertise or "
        "town, and ask for an introduction.\n"
        "- **[Concepts](concepten/index.md)**: the social innovations the Fabriek coaches.\n"
        "- **[Events](agenda/index.md)**: information sessions, workshops, Bootcamps and "
        "Solution Labs, also as a calendar to subscribe to.\n"
        "- **[Open questions](vragen.md)**: what innovators are looking for help with now.\n"
        "- **[Menu card](menukaart.md)**: what a service costs in SIF and in euro.\n"
        + _explainer(ctx)
        + "- **[Figures](cijfers.md)**: the community in totals.\n\n"
        "## Privacy\n\n"
        "Everyone in the network chose to be there, and chose which details are shown. "
        "Balances, invoices and feedback are never public. Want to change something or "
        "disappear from the site? Tell the Fabriek: it is done at the next build of the site.\n",
    )
    return SiteFile(HOME, text)


def join_page(menu: MenuCard, events: list[Event], ctx: Context) -> SiteFile:
    """`lid-worden.md`: who can join, what it costs, the SIF in three sentences, how to apply."""
    code = menu.currency.code
    value = menu.currency.value_on(ctx.today) or Decimal(0)
    vat = menu.vat_percent_on(ctx.today) or Decimal(0)
    worth, rate = money(value, ctx.language), number(vat, ctx.language, 0)
    roles = ", ".join(
        ctx.label("roles", role)
        for role in ("innovator", "coach", "facilitator", "funder", "researcher")
    )
    earn = [
        s.name(ctx.language).lower()
        for s in menu.services.values()
        if s.flow != "member-to-operator"
    ]
    title = ctx.t("Lid worden", "Devenir membre", "Join")
    text = front_matter(title) + f"# {title}\n\n"
    text += ctx.t(
        "## Wie kan meedoen?\n\n", "## Qui peut participer ?\n\n", "## Who can join?\n\n"
    )
    text += ctx.t(
        f"Iedereen die sociale innovatie vooruit wil helpen: {roles}; als persoon of als "
        "organisatie (vzw, coöperatie, bedrijf, stichting, overheid). Het is een open netwerk, "
        "geen ledenorganisatie.",
        f"Toute personne qui veut faire avancer l'innovation sociale : {roles} ; en tant que "
        "personne ou organisation (asbl, coopérative, entreprise, fondation, pouvoir public). "
        "C'est un réseau ouvert, pas une organisation à cotisation.",
        f"Anyone who wants to move social innovation forward: {roles}; as a person or as an "
        "organisation (non-profit, cooperative, company, foundation, public body). It is an "
        "open network, not a membership organisation.",
    )
    text += "\n\n" + ctx.t(
        "## Wat kost het?\n\n", "## Combien ça coûte ?\n\n", "## What does it cost?\n\n"
    )
    text += ctx.t(
        f"Geen lidgeld. Je betaalt alleen voor wat je krijgt, in {code}: 1 {code} is {worth} "
        f"waard, plus {rate}% btw. Wat je zelf geeft, levert {code} op. Wat een dienst waard is, "
        "staat op de [menukaart](menukaart.md).",
        f"Aucune cotisation. Vous ne payez que ce que vous recevez, en {code} : 1 {code} vaut "
        f"{worth}, plus {rate} % de TVA. Ce que vous donnez vous rapporte des {code}. La "
        "valeur de chaque service figure sur la [carte des services](menukaart.md).",
        f"No membership fee. You only pay for what you receive, in {code}: 1 {code} is worth "
        f"{worth}, plus {rate}% VAT. What you give earns you {code}. What each service is worth "
        "is on the [menu card](menukaart.md).",
    )
    text += "\n\n" + ctx.t(
        f"## Hoe werkt de {code}?\n\n", f"## Comment fonctionne le {code} ?\n\n",
        f"## How does the {code} work?\n\n",
    )  # fmt: skip
    text += ctx.t(
        f"Je verdient {code} wanneer je je kennis deelt ({', '.join(earn)}). Je geeft {code} "
        "uit wanneer je zelf hulp krijgt, een workshop of een Bootcamp volgt. Elke maand maakt "
        "de Fabriek alle documenten en krijg je een rekeningoverzicht: je hoeft zelf geen "
        "administratie te doen.",
        f"Vous gagnez des {code} en partageant votre savoir ({', '.join(earn)}). Vous en "
        "dépensez quand vous recevez de l'aide, suivez un atelier ou un Bootcamp. Chaque mois, "
        "la Fabriek établit tous les documents et vous envoie un relevé : vous n'avez aucune "
        "administration à faire.",
        f"You earn {code} when you share your knowledge ({', '.join(earn)}). You spend {code} "
        "when you receive help, or take a workshop or a Bootcamp. Every month the Fabriek "
        "issues all documents and sends you a statement: you do no administration yourself.",
    )
    text += _more(ctx)
    text += "\n\n" + ctx.t(
        "## Hoe meld je je aan?\n\n", "## Comment s'inscrire ?\n\n", "## How to apply\n\n"
    )
    subject = ctx.t(
        f"Aanmelding bij het netwerk van {menu.name}",
        f"Inscription au réseau de {menu.name}",
        f"Joining the network of {menu.name}",
    )
    body = ctx.t(
        "Beste Fabriek,\n\nIk wil graag lid worden van het netwerk.\n\nNaam en organisatie:\n"
        "Mijn expertise:\nWat ik zoek:\n\n",
        "Bonjour,\n\nJe souhaite rejoindre le réseau.\n\nNom et organisation :\n"
        "Mon expertise :\nCe que je cherche :\n\n",
        "Hello,\n\nI would like to join the network.\n\nName and organisation:\n"
        "My expertise:\nWhat I am looking for:\n\n",
    )
    text += ctx.t(
        "Stuur de Fabriek een mail met wie je bent, wat je kan en wat je zoekt. De Fabriek "
        "maakt je profiel aan; jij kiest wat er publiek van op deze site komt.",
        "Envoyez un e-mail à la Fabriek : qui vous êtes, ce que vous savez faire et ce que "
        "vous cherchez. La Fabriek crée votre profil ; vous choisissez ce qui en est public "
        "sur ce site.",
        "Send the Fabriek an e-mail saying who you are, what you can do and what you are "
        "looking for. The Fabriek creates your profile; you choose what of it is public on "
        "this site.",
    )
    text += "\n\n"
    if (href := ctx.mailto(subject, body)) is not None:
        label = ctx.t("Meld je aan per e-mail", "S'inscrire par e-mail", "Apply by e-mail")
        text += (
            f'<p><a class="md-button md-button--primary" href="{h(href)}">{h(label)}</a></p>\n\n'
        )
    upcoming = [e for e in events if e.kind == "infosession" and e.upcoming(ctx.today)]
    if upcoming:
        first = upcoming[0]
        day = long_date(first.date, ctx.language)
        link = f"[{md(first.title)}]({event_page_path(first.id)})"
        text += ctx.t(
            f"Of kom eerst kennismaken op een infosessie: {link}, {day}.",
            f"Ou venez d'abord faire connaissance lors d'une séance d'information : {link}, "
            f"le {day}.",
            f"Or come and meet us first at an information session: {link}, {day}.",
        )
        text += "\n"
    return SiteFile(JOIN, text)

"""The vocabulary of the demo community: names, places, expertise and ideas.

Plain data, no logic. Person names are common Flemish, Walloon and English
first and last names; streets, organisations and enterprise numbers are made
up; postcodes and municipalities are real, so addresses look Belgian.
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    """A Belgian municipality.

    Attributes:
      postcode: The four-digit postcode.
      nl: Its name in Dutch.
      fr: Its name in French.
      region: "vl" (Flanders), "bru" (Brussels) or "wal" (Wallonia).
    """

    postcode: str
    nl: str
    fr: str
    region: str

    def name(self, language: str) -> str:
        """The name as written in `language` (English uses the Dutch name outside Wallonia)."""
        if language == "fr" or (language != "nl" and self.region == "wal"):
            return self.fr
        return self.nl


CITIES = (
    City("2000", "Antwerpen", "Anvers", "vl"),
    City("2140", "Borgerhout", "Borgerhout", "vl"),
    City("2300", "Turnhout", "Turnhout", "vl"),
    City("2400", "Mol", "Mol", "vl"),
    City("2500", "Lier", "Lierre", "vl"),
    City("2800", "Mechelen", "Malines", "vl"),
    City("3000", "Leuven", "Louvain", "vl"),
    City("3010", "Kessel-Lo", "Kessel-Lo", "vl"),
    City("3200", "Aarschot", "Aarschot", "vl"),
    City("3300", "Tienen", "Tirlemont", "vl"),
    City("3500", "Hasselt", "Hasselt", "vl"),
    City("3600", "Genk", "Genk", "vl"),
    City("3800", "Sint-Truiden", "Saint-Trond", "vl"),
    City("3900", "Pelt", "Pelt", "vl"),
    City("8000", "Brugge", "Bruges", "vl"),
    City("8400", "Oostende", "Ostende", "vl"),
    City("8500", "Kortrijk", "Courtrai", "vl"),
    City("8800", "Roeselare", "Roulers", "vl"),
    City("8900", "Ieper", "Ypres", "vl"),
    City("9000", "Gent", "Gand", "vl"),
    City("9040", "Sint-Amandsberg", "Sint-Amandsberg", "vl"),
    City("9100", "Sint-Niklaas", "Saint-Nicolas", "vl"),
    City("9200", "Dendermonde", "Termonde", "vl"),
    City("9300", "Aalst", "Alost", "vl"),
    City("9700", "Oudenaarde", "Audenarde", "vl"),
    City("1500", "Halle", "Hal", "vl"),
    City("1800", "Vilvoorde", "Vilvorde", "vl"),
    City("1000", "Brussel", "Bruxelles", "bru"),
    City("1030", "Schaarbeek", "Schaerbeek", "bru"),
    City("1050", "Elsene", "Ixelles", "bru"),
    City("1060", "Sint-Gillis", "Saint-Gilles", "bru"),
    City("1070", "Anderlecht", "Anderlecht", "bru"),
    City("1080", "Sint-Jans-Molenbeek", "Molenbeek-Saint-Jean", "bru"),
    City("1190", "Vorst", "Forest", "bru"),
    City("1210", "Sint-Joost-ten-Node", "Saint-Josse-ten-Noode", "bru"),
    City("1300", "Waver", "Wavre", "wal"),
    City("1348", "Louvain-la-Neuve", "Louvain-la-Neuve", "wal"),
    City("1400", "Nijvel", "Nivelles", "wal"),
    City("4000", "Luik", "Liège", "wal"),
    City("4800", "Verviers", "Verviers", "wal"),
    City("5000", "Namen", "Namur", "wal"),
    City("6000", "Charleroi", "Charleroi", "wal"),
    City("6700", "Aarlen", "Arlon", "wal"),
    City("7000", "Bergen", "Mons", "wal"),
    City("7500", "Doornik", "Tournai", "wal"),
)

#: Made-up street names, by the language of the street sign.
STREETS = {
    "nl": (
        "Voorbeeldstraat", "Proefstraat", "Testlaan", "Schetsplein", "Ontwerpweg",
        "Denkbeeldlaan", "Fictiestraat", "Modelstraat", "Steekproefstraat", "Oefenweg",
        "Verzinselstraat", "Kladbloklaan",
    ),
    "fr": (
        "Rue de l'Exemple", "Avenue Fictive", "Rue du Modèle", "Place de l'Essai",
        "Chaussée de l'Épreuve", "Rue Imaginaire", "Rue du Brouillon", "Avenue du Croquis",
    ),
}  # fmt: skip

FIRST_NAMES = {
    "nl": (
        "An", "Bram", "Lotte", "Pieter", "Jens", "Sofie", "Wout", "Els", "Griet", "Koen",
        "Lies", "Tom", "Hanne", "Ruben", "Femke", "Jef", "Nele", "Bart", "Marieke", "Stijn",
        "Ine", "Dries", "Eline", "Joris", "Katrien", "Lander", "Saar", "Wannes", "Fien",
        "Seppe", "Annelies", "Thijs", "Veerle", "Kobe", "Mieke", "Arne", "Liesbeth", "Hannes",
        "Evi", "Jonas",
    ),
    "fr": (
        "Camille", "Julien", "Manon", "Nicolas", "Élise", "Maxime", "Chloé", "Thomas", "Léa",
        "Antoine", "Sarah", "Mathieu", "Aurélie", "Benoît", "Gaëlle", "Olivier", "Justine",
        "Quentin", "Amélie", "Romain", "Céline", "François", "Margaux", "Sébastien",
    ),
    "en": (
        "Emma", "James", "Olivia", "Daniel", "Grace", "Liam", "Hannah", "Oliver", "Ruth",
        "Samuel", "Alice", "Patrick", "Megan", "Ryan", "Laura", "Nathan",
    ),
}  # fmt: skip

LAST_NAMES = {
    "nl": (
        "Claes", "Wouters", "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems",
        "Goossens", "De Smet", "Vermeulen", "Van den Broeck", "Verhoeven", "Aerts", "Hermans",
        "De Clercq", "Lemmens", "Verstraete", "Van Damme", "Coppens", "Pauwels", "Michiels",
        "Vandenberghe", "De Backer", "Smets", "Segers", "Bogaerts", "Van Acker", "Cools",
        "Verbeke", "Van Hoof", "Thys", "Wuyts", "Geerts", "Huysmans", "Vanhove", "Stevens",
        "Moens", "Baert", "Nuyts",
    ),
    "fr": (
        "Lambert", "Dupont", "Leclercq", "Renard", "Lejeune", "Gilson", "Dumont", "Collard",
        "Fontaine", "Hubert", "Delvaux", "Marchal", "Lemaire", "Dubois", "Martin", "Simon",
        "Laurent", "Henry", "Pirard", "Lecomte", "Noël", "Thiry", "Jacquet", "Gérard",
    ),
    "en": (
        "Walsh", "Murphy", "Clarke", "Bennett", "Hughes", "Brennan", "Fletcher", "Harper",
        "Doyle", "Kelly", "Morgan", "Reid", "Shaw", "Turner", "Ward", "Wilson",
    ),
}  # fmt: skip

#: Organisation names, by language and legal form: (bases, suffix). A name is
#: "<base> <municipality><suffix>", e.g. "Buurtkeuken Genk vzw".
ORGANISATIONS: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {
    "nl": {
        "vzw": (
            ("Buurtkeuken", "Taalpunt", "Huiswerkklas", "Fietsatelier", "Buurthuis",
             "Speelotheek", "Zorgnetwerk", "Jongerenwerking", "Wijkwerking", "Sociaal Atelier",
             "Kringloopcentrum", "Buurtwerk De Brug"),
            " vzw",
        ),
        "cooperative": (
            ("Energiecoöperatie", "Deelautocoöperatie", "Voedselcoöperatie", "Zorgcoöperatie",
             "Woningcoöperatie", "Fietskoerierscoöperatie"),
            " cv",
        ),
        "company": (
            ("Groenwerk", "Kringwerk", "Herstelplaats", "Tweedekans", "Buurtklus",
             "Circulair Atelier", "Maaltijdservice", "Hergebruikhuis"),
            " bv",
        ),
        "foundation": (
            ("Stichting Buurtkracht", "Stichting Samen Sterk", "Fonds Gedeelde Grond",
             "Stichting Morgen"),
            "",
        ),
        "public-body": (
            ("Dienst Sociale Innovatie", "Welzijnsdienst", "Dienst Lokale Economie"),
            "",
        ),
        "association": (
            ("Buurtcomité", "Moestuinvrienden", "Repairvrijwilligers", "Leesclub",
             "Wijkcomité Voorbeeldwijk"),
            "",
        ),
        "other": (
            ("Kenniscentrum Sociaal Ondernemen", "Onderzoeksgroep Samenleving",
             "Expertisecentrum Buurtwerk"),
            "",
        ),
    },
    "fr": {
        "vzw": (
            ("Cuisine de Quartier", "Atelier Vélo", "École de Devoirs", "Maison de Quartier",
             "Ressourcerie", "Jardins Partagés"),
            " asbl",
        ),
        "cooperative": (
            ("Coopérative Énergie Citoyenne", "Épicerie Coopérative", "Coopérative de Soins"),
            " sc",
        ),
        "company": (("Atelier Circulaire", "Vélo Solidaire", "Cuisine Partagée"), " srl"),
        "foundation": (("Fondation Horizon Solidaire", "Fondation Pont Commun"), ""),
        "public-body": (("Service Innovation Sociale", "Service Économie Locale"), ""),
        "association": (("Comité de Quartier", "Collectif Potager"), ""),
        "other": (("Centre de Recherche Économie Sociale", "Observatoire de l'Innovation"), ""),
    },
    "en": {
        "vzw": (("Open Kitchen", "Shared Spaces", "Newcomers Network"), " asbl"),
        "cooperative": (("Fair Share Cooperative", "Community Energy"), " sc"),
        "company": (("Community Tech Lab", "Makers Collective"), " srl"),
        "foundation": (("Common Ground Foundation",), ""),
        "public-body": (("Social Innovation Office",), ""),
        "association": (("Neighbours Collective",), ""),
        "other": (("Social Innovation Lab", "Impact Research Hub"), ""),
    },
}  # fmt: skip

#: Expertise tags with their label per language.
EXPERTISE = {
    "marketing": ("marketing", "marketing", "marketing"),
    "legal": ("juridische vragen", "questions juridiques", "legal matters"),
    "financing": ("financiering", "financement", "financing"),
    "business-model": ("het verdienmodel", "le modèle économique", "business models"),
    "impact-measurement": ("impactmeting", "la mesure d'impact", "impact measurement"),
    "fundraising": ("fondsenwerving", "la récolte de fonds", "fundraising"),
    "hr": ("personeelsbeleid", "les ressources humaines", "HR"),
    "communication": ("communicatie", "la communication", "communication"),
    "design-thinking": ("design thinking", "le design thinking", "design thinking"),
    "governance": ("bestuur", "la gouvernance", "governance"),
    "storytelling": ("storytelling", "le storytelling", "storytelling"),
    "sales": ("verkoop", "la vente", "sales"),
    "pitching": ("pitchen", "le pitch", "pitching"),
    "accounting": ("boekhouding", "la comptabilité", "accounting"),
    "public-procurement": ("overheidsopdrachten", "les marchés publics", "public procurement"),
    "cooperatives": ("coöperatief ondernemen", "l'entrepreneuriat coopératif", "cooperatives"),
    "social-innovation": ("sociale innovatie", "l'innovation sociale", "social innovation"),
    "community-building": ("gemeenschapsvorming", "la vie de quartier", "community building"),
    "volunteering": ("vrijwilligerswerk", "le bénévolat", "volunteering"),
    "circular-economy": ("circulaire economie", "l'économie circulaire", "the circular economy"),
    "food": ("voeding", "l'alimentation", "food"),
    "energy": ("energie", "l'énergie", "energy"),
    "mobility": ("mobiliteit", "la mobilité", "mobility"),
    "care": ("zorg", "les soins", "care"),
    "education": ("onderwijs", "l'enseignement", "education"),
    "digital": ("digitale inclusie", "l'inclusion numérique", "digital inclusion"),
    "housing": ("wonen", "le logement", "housing"),
    "research": ("onderzoek", "la recherche", "research"),
}
#: What coaches coach on; the topic of a session or coaching hour comes from here.
METHODS = (
    "marketing", "legal", "financing", "business-model", "impact-measurement", "fundraising",
    "hr", "communication", "design-thinking", "governance", "storytelling", "sales", "pitching",
    "accounting", "public-procurement", "cooperatives",
)  # fmt: skip
#: What innovators work on.
SECTORS = (
    "social-innovation", "community-building", "volunteering", "circular-economy", "food",
    "energy", "mobility", "care", "education", "digital", "housing",
)  # fmt: skip

#: Profile texts by kind and main role, per language. {e1} and {e2} are
#: expertise labels, {city} the municipality and {name} the member's name.
BIOS: dict[tuple[str, str], dict[str, str]] = {
    ("person", "coach"): {
        "nl": "Coach voor sociale ondernemers, sterk in {e1} en {e2}.",
        "fr": "Accompagne des entrepreneurs sociaux sur {e1} et {e2}.",
        "en": "Coaches social entrepreneurs on {e1} and {e2}.",
    },
    ("person", "facilitator"): {
        "nl": "Begeleidt co-creatie en groepsprocessen, vaak rond {e1}.",
        "fr": "Anime des processus de co-création, souvent autour de {e1}.",
        "en": "Facilitates co-creation and group processes, often around {e1}.",
    },
    ("person", "innovator"): {
        "nl": "Trekt een sociale innovatie in {city} rond {e1}.",
        "fr": "Porte une innovation sociale à {city} autour de {e1}.",
        "en": "Runs a social innovation in {city} around {e1}.",
    },
    ("person", "researcher"): {
        "nl": "Onderzoekt {e1} en {e2} bij sociale ondernemingen.",
        "fr": "Étudie {e1} et {e2} dans les entreprises sociales.",
        "en": "Researches {e1} and {e2} in social enterprises.",
    },
    ("person", "funder"): {
        "nl": "Investeert in sociale projecten en adviseert over {e1}.",
        "fr": "Investit dans des projets sociaux et conseille sur {e1}.",
        "en": "Invests in social projects and advises on {e1}.",
    },
    ("person", "other"): {
        "nl": "Volgt het netwerk en denkt graag mee over {e1}.",
        "fr": "Suit le réseau et aime réfléchir à {e1}.",
        "en": "Follows the network and likes to think along on {e1}.",
    },
    ("organisation", "innovator"): {
        "nl": "{name} werkt in {city} aan {e1} en {e2}.",
        "fr": "{name} travaille à {city} sur {e1} et {e2}.",
        "en": "{name} works on {e1} and {e2} in {city}.",
    },
    ("organisation", "funder"): {
        "nl": "{name} financiert en begeleidt sociale projecten rond {e1}.",
        "fr": "{name} finance et accompagne des projets sociaux autour de {e1}.",
        "en": "{name} funds and supports social projects around {e1}.",
    },
    ("organisation", "researcher"): {
        "nl": "{name} doet praktijkgericht onderzoek naar {e1}.",
        "fr": "{name} mène des recherches appliquées sur {e1}.",
        "en": "{name} does applied research on {e1}.",
    },
    ("organisation", "other"): {
        "nl": "{name} volgt sociale innovatie in {city} op, vooral rond {e1}.",
        "fr": "{name} suit l'innovation sociale à {city}, surtout autour de {e1}.",
        "en": "{name} follows social innovation in {city}, mostly around {e1}.",
    },
}


class Idea(NamedTuple):
    """A kind of social innovation; a concept is an idea in a municipality.

    Attributes:
      name: Dutch name, e.g. "Repair Café"; the concept is "Repair Café Genk".
      summary: Summary per language, with {city}.
    """

    name: str
    summary: dict[str, str]


IDEAS = (
    Idea("Repair Café", {
        "nl": "Buren herstellen samen kapotte spullen in {city}.",
        "fr": "Des voisins réparent ensemble des objets cassés à {city}.",
        "en": "Neighbours repair broken things together in {city}."}),
    Idea("Buurtkeuken", {
        "nl": "Een sociaal restaurant waar buurtbewoners van {city} samen koken en eten.",
        "fr": "Un restaurant social où les habitants de {city} cuisinent et mangent ensemble.",
        "en": "A social restaurant where residents of {city} cook and eat together."}),
    Idea("Deelauto's", {
        "nl": "Buren in {city} delen elektrische auto's via een coöperatie.",
        "fr": "Des voisins de {city} partagent des voitures électriques en coopérative.",
        "en": "Neighbours in {city} share electric cars through a cooperative."}),
    Idea("Fietsbieb", {
        "nl": "Gezinnen in {city} lenen kinderfietsen in plaats van ze te kopen.",
        "fr": "Des familles de {city} empruntent des vélos d'enfant au lieu d'en acheter.",
        "en": "Families in {city} borrow children's bikes instead of buying them."}),
    Idea("Taalcafé", {
        "nl": "Nieuwkomers oefenen Nederlands met vrijwilligers in {city}.",
        "fr": "Des nouveaux arrivants pratiquent le néerlandais avec des bénévoles à {city}.",
        "en": "Newcomers practise Dutch with volunteers in {city}."}),
    Idea("Huiswerkklas", {
        "nl": "Studenten helpen kinderen in {city} met hun huiswerk.",
        "fr": "Des étudiants aident les enfants de {city} à faire leurs devoirs.",
        "en": "Students help children in {city} with their homework."}),
    Idea("Zonnedaken", {
        "nl": "Burgers in {city} investeren samen in zonnepanelen op publieke daken.",
        "fr": "Des citoyens de {city} investissent ensemble dans des panneaux solaires.",
        "en": "Citizens of {city} jointly invest in solar panels on public roofs."}),
    Idea("Zorgboerderij", {
        "nl": "Mensen met een zorgvraag werken mee op een boerderij bij {city}.",
        "fr": "Des personnes en soins travaillent dans une ferme près de {city}.",
        "en": "People in care work on a farm near {city}."}),
    Idea("Speelotheek", {
        "nl": "Gezinnen in {city} lenen speelgoed uit, zoals boeken in een bibliotheek.",
        "fr": "Des familles de {city} empruntent des jouets comme des livres.",
        "en": "Families in {city} borrow toys the way they borrow books."}),
    Idea("Voedselteam", {
        "nl": "Lokale boeren leveren rechtstreeks aan buurtbewoners in {city}.",
        "fr": "Des producteurs locaux livrent directement les habitants de {city}.",
        "en": "Local farmers deliver straight to residents of {city}."}),
    Idea("Klusjesdienst 55+", {
        "nl": "Gepensioneerden doen kleine klussen voor buren in {city}.",
        "fr": "Des retraités font de petits travaux pour leurs voisins à {city}.",
        "en": "Retired people do small jobs for neighbours in {city}."}),
    Idea("Deelmoestuin", {
        "nl": "Een gedeelde moestuin op een braakliggend terrein in {city}.",
        "fr": "Un potager partagé sur un terrain vague à {city}.",
        "en": "A shared vegetable garden on a vacant lot in {city}."}),
    Idea("Digipunt", {
        "nl": "Vrijwilligers helpen buren in {city} met computer en smartphone.",
        "fr": "Des bénévoles aident les habitants de {city} avec ordinateur et smartphone.",
        "en": "Volunteers help residents of {city} with computers and phones."}),
    Idea("Kledingbib", {
        "nl": "Kleren lenen in plaats van kopen, in {city}.",
        "fr": "Emprunter des vêtements plutôt que les acheter, à {city}.",
        "en": "Borrowing clothes instead of buying them, in {city}."}),
    Idea("Tijdsbank", {
        "nl": "Buren in {city} ruilen uren hulp via een tijdsbank.",
        "fr": "Des voisins de {city} échangent des heures d'aide via une banque du temps.",
        "en": "Neighbours in {city} swap hours of help through a time bank."}),
    Idea("Leerwerkplaats Fietsen", {
        "nl": "Jongeren leren een vak in een fietsherstelplaats in {city}.",
        "fr": "Des jeunes apprennent un métier dans un atelier vélo à {city}.",
        "en": "Young people learn a trade in a bike repair shop in {city}."}),
    Idea("Makerspace", {
        "nl": "Een werkplaats met gedeeld gereedschap voor iedereen in {city}.",
        "fr": "Un atelier avec des outils partagés pour tous à {city}.",
        "en": "A workshop with shared tools for everyone in {city}."}),
    Idea("Warme Winter", {
        "nl": "Energiecoaches helpen gezinnen in {city} hun verwarmingsfactuur te verlagen.",
        "fr": "Des coachs énergie aident les familles de {city} à réduire leur facture.",
        "en": "Energy coaches help families in {city} lower their heating bill."}),
    Idea("Schoolspullenbank", {
        "nl": "Tweedehands schoolspullen voor gezinnen in {city}.",
        "fr": "Du matériel scolaire de seconde main pour les familles de {city}.",
        "en": "Second-hand school supplies for families in {city}."}),
    Idea("Buurtpensioen", {
        "nl": "Buurtbewoners in {city} zorgen voor elkaar en sparen zorguren op.",
        "fr": "Les habitants de {city} prennent soin les uns des autres.",
        "en": "Residents of {city} care for each other and save up hours of care."}),
)  # fmt: skip

WORKSHOPS = (
    "impact meten in de praktijk", "storytelling voor sociale ondernemers",
    "crowdfunding van A tot Z", "je verdienmodel op één blad", "vrijwilligers vinden en houden",
    "subsidies en fondsen", "samenwerken met lokale besturen", "pitchen voor investeerders",
    "design thinking voor beginners", "coöperatief ondernemen", "sociale media met een klein budget",
    "juridische vormen voor sociale ondernemingen", "prijszetting van sociale diensten",
)  # fmt: skip

ARTICLES = (
    "wat een versterkingssessie oplevert", "vijf lessen uit een jaar deelauto's",
    "impact meten zonder stress", "waarom innovatoren elkaar coachen",
    "de kracht van een kleine coöperatie", "van idee tot buurtproject",
    "samenwerken met het OCMW", "vrijwilligers als motor", "een eerlijke prijs voor zorg",
)  # fmt: skip

SEASONS = {
    1: "winter", 2: "winter", 3: "voorjaar", 4: "voorjaar", 5: "voorjaar", 6: "zomer",
    7: "zomer", 8: "zomer", 9: "najaar", 10: "najaar", 11: "najaar", 12: "winter",
}  # fmt: skip

#: Banks' three-digit codes for IBANs (all in stdnum's Belgian bank table).
BANK_CODES = ("001", "063", "068", "310", "363", "523", "734", "735", "751", "973")

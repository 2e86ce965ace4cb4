"""Synthetic portraits: N realistic, deterministic portraits (French-looking YAML interviews of
~2,500 words, shared organisations/tools/platforms/tags drawn with a Zipf-like law, a
question bank, an entity registry, mentions of other portraits' people), written as a full
Portraits site and as a plain MkDocs site of the same text."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
import shutil
import struct
import unicodedata
import zlib
from pathlib import Path

from . import ROOT

# --- vocabulary: a few thousand French word forms (inflected), some English, names -------

FUNCTION_WORDS = """de la le et les des en un une du que qui pour dans sur pas avec ce il elle on nous
je tu vous ils elles se ne est sont a ont plus par au aux mais ou comme tout tous très aussi bien
cette ces son sa ses leur leurs mon ma mes notre nos quand donc alors encore toujours déjà même où
y c’est il y a ça là puis parce avant après chez sans entre vers depuis pendant souvent parfois
jamais beaucoup peu trop assez vraiment surtout enfin ensuite d’abord""".split()

NOUNS = """communauté réseau public abonné publication message commentaire stratégie campagne contenu
marque équipe client projet outil plateforme vidéo photo image histoire idée conversation question
réponse réunion calendrier rapport chiffre statistique audience lecteur auditeur membre bénévole
forum événement lancement produit service entreprise agence journal radio émission balado article
blogue infolettre courriel site page compte profil lien partage mention tendance algorithme moteur
recherche donnée analyse tableau budget publicité annonce crise erreur succès échec leçon conseil
métier carrière poste stage formation école université cours collègue patron direction gestionnaire
responsable rédacteur rédactrice graphiste photographe journaliste animateur animatrice modérateur
modératrice créateur créatrice influenceur partenaire fournisseur communication relation confiance
écoute patience curiosité humour ton voix style règle charte guide politique modération signalement
troll spam matin soir semaine journée mois année vacance heure minute moment temps café bureau
maison ordinateur téléphone écran application logiciel extension fichier dossier document note
liste tâche priorité objectif résultat indicateur taux engagement portée impression clic vue
réaction sondage concours direct diffusion épisode saison série festival concert spectacle
exposition musée bibliothèque librairie livre roman auteur lecture quartier ville région pays
monde voyage terrain usager citoyen élève parent enfant famille ami voisin boutique commerce marché
vente prix offre cadeau promotion nouveauté version rythme habitude réflexe astuce méthode processus
approche vision valeur mission culture identité réputation transparence authenticité bienveillance
fatigue stress énergie plaisir fierté peur doute surprise joie colère émotion souvenir rencontre
découverte apprentissage expérience compétence talent passion bénévolat coopérative association
quotidien veille tableur graphique visuel capsule extrait montage tournage micro studio régie
plateau matinale chronique rubrique manchette titre sujet angle calendrier échéance courriel
sondage brouillon relecture traduction version accessibilité sous-titre légende abonnement""".split()

ADJECTIVES = """nouveau petit grand bon meilleur premier dernier long court simple difficile facile
important essentiel utile rapide lent direct local national international numérique social public
privé libre gratuit payant créatif positif négatif actif sportif culturel musical visuel quotidien
hebdomadaire mensuel annuel régulier humain drôle sérieux curieux heureux fier content fidèle
engagé ouvert fermé clair précis vrai faux complet entier fort doux calme vivant jeune ancien
moderne récent prochain différent pareil unique spécial étrange normal parfait sincère honnête
transparent complexe stratégique éditorial technique pratique concret réel virtuel collectif
communautaire associatif professionnel personnel généreux patient attentif discret énorme minuscule
léger lourd chaud froid joyeux nerveux généreux sensible fragile solide exigeant passionnant""".split()

VERBS = """parler publier partager animer écouter aimer adorer chercher trouver travailler commencer
continuer créer imaginer organiser planifier programmer mesurer analyser tester essayer lancer
gérer modérer signaler bloquer supprimer rédiger corriger montrer raconter expliquer demander
préparer présenter proposer discuter échanger collaborer accompagner former étudier regarder
observer remarquer noter compter calculer comparer commenter filmer monter photographier dessiner
illustrer penser rêver oublier garder laisser passer arriver rester entrer tomber quitter changer
voyager manger jouer gagner acheter payer coûter économiser inviter remercier féliciter encourager
motiver inspirer rassurer calmer respecter accepter refuser décider hésiter douter souhaiter
utiliser installer configurer automatiser optimiser améliorer simplifier documenter archiver
classer trier filtrer surveiller alerter informer annoncer diffuser relayer amplifier viser cibler
toucher négocier valider approuver livrer terminer recommencer chanter danser marcher cuisiner
écrire""".split()
VERB_ENDINGS = ("er", "e", "es", "ons", "ez", "ent", "é", "ée", "és", "ais", "ait", "aient", "erai",
                "era", "erons", "ant", "ions", "iez")

ENGLISH = """community manager feedback engagement content brand storytelling workflow dashboard
meeting deadline newsletter podcast stream live post thread story reel follower like share insight
growth team startup freelance remote open source design marketing social media influencer reach
impression conversion funnel lead call brief pitch benchmark coach mentor burn-out side project
soft skills mindset agile sprint backlog roadmap buzz trending viral meme selfie teaser spoiler
crowdfunding onboarding churn retention ambassador user generated moderation guidelines safe space
toxic ban mute report analytics KPI ROI B2B SaaS hackathon meetup webinar keynote""".split()

FIRST_NAMES = """Zoé Léa Chloé Éloïse Hélène Mélanie Noémie Anaïs Maëlle Inès Jérôme Frédéric Sébastien
Benoît Gaël Raphaël Mathéo Théo Joël Agnès Béatrice Céline Rosalie Camille Mathieu Olivier Priya
Samuel Hannah Amadou Fatou Moussa Aïcha Yasmine Karim Mehdi Nadia Sofia Lucas Hugo Louis Jules
Arthur Gabriel Léo Adam Nathan Emma Jade Louise Alice Lina Rose Anna Mia Julia Marie Sarah Clara
Manon Juliette Pauline Margaux Océane Laurence Geneviève Véronique Marc-André Jean-François
Pierre-Luc Marie-Ève Anne-Sophie Éric Stéphane Valérie Isabelle Nathalie Sylvie Martine François
Denis Yves Claude Dominique Maxime Félix William Thomas Alexandre Antoine Vincent Nicolas Simon
Émile Édouard Étienne Xavier Zacharie Ophélie Solène Maïwenn Gwenaëlle Ronan Yann Loïc Naïma
Salomé Capucine Romane Ambre Iris Noé Timothée Bastien Quentin Aurélien Mélissa Kevin Chen Wei
Mei Kenji Yuki Olga Ivan Björn Søren Núria João Begoña Ngozi Kwame Amara Minh""".split()

LAST_NAMES = """Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier
Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier Dubé
Poirier Fournier Lapointe Leclerc Lefebvre Martin Bernard Petit Robert Richard Durand Dubois
Moreau Laurent Michel Garcia David Bertrand Roux Fontaine Rousseau Blanc Guérin Muller Henry
Roussel Perrin Clément Dumont Lopez Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Lemaire
Duval Joly Roger Roche Noël Meyer Meunier Perez Marchand Dufour Blanchard Barbier Brun Dumas
Brunet Schmitt Leroux Colin Fernandez Renard Arnaud Rolland Aubert Giraud Vidal Bourgeois Renaud
Lemoine Picard Gaillard Lacroix Dupuis Rodriguez Hubert Guillot Rivière Kaboré Ouédraogo Diallo
Traoré Benali Haddad Mansouri Raman Patel Whitcombe Sanscartier Brassard Nadeau Désilets
Saint-Pierre Thériault Béliveau Séguin Hébert Gélinas Pépin Lussier Théberge Chênevert Beauchemin
Létourneau Després Vézina Ménard Bédard Lachance Auclair Gosselin Turcotte Paré Fréchette""".split()

PLACES = """Boréale Hérisson Virgule Boussole Mistral Cardinal Pivot Lumière Horizon Étoile Rosemont
Plateau Croix-Rousse Montréal Lyon Québec Nantes Bordeaux Gatineau Sherbrooke Lille Genève Liège
Dakar Abidjan Rimouski Trois-Rivières Saguenay Lévis Laval Rennes Brest Grenoble Toulouse Marseille
Namur Lausanne Ouagadougou Bamako Moncton Sudbury Tadoussac Gaspé Chicoutimi Beauport Limoilou
Verdun Outremont Villeray Hochelaga Saint-Roch Vieux-Port Belleville Ménilmontant Confluence
Écluse Passerelle Clairière Colibri Castor Huard Érable Bouleau Sarcelle Cigale Luciole Phare
Archipel Estuaire Fjord Aurore Zénith Sirocco Alizé Équinoxe Solstice Ricochet Tremplin Boomerang
Tournesol Coquelicot Mésange Hirondelle Pélican Pinson Orignal Caribou Renard""".split()
ORG_KINDS = """Agence Studio Radio Média Collectif Coopérative Maison Atelier Réseau Fondation
Association Éditions Librairie Théâtre Festival Musée Groupe Caisse Institut Laboratoire Compagnie
Société Café Club Brasserie Cinéma Journal Magazine Fromagerie Microbrasserie""".split()

REAL_TOOLS = """Hootsuite Buffer Canva Figma Notion Slack WordPress Discourse Trello Airtable Later
Agorapulse Metricool Mailchimp Brevo Substack Ghost Zapier Miro Asana Loomly CapCut Photoshop
Audacity Feedly Matomo Typeform Calendly Zoom Teams Tweetdeck Iconosquare Sprinklr Meltwater
Talkwalker Brandwatch Hemingway Grammarly Antidote Descript Riverside Streamyard Linktree
Bitly Hubspot Salesforce Zendesk Intercom Crowdin Lightroom Premiere Audition Procreate""".split()
TOOL_SUFFIXES = ("ly", "io", "hub", " Studio", "ify", "Desk", " Pro", "Pad", "Base", "Board", "Flow", "Cast")

PLATFORMS = ["Instagram", "Facebook", "X (Twitter)", "TikTok", "LinkedIn", "YouTube", "Mastodon", "Bluesky",
             "Discord", "Reddit", "Twitch", "Threads", "Pinterest", "Snapchat", "Tumblr", "Vimeo", "WhatsApp",
             "Telegram", "Signal", "Flickr", "Medium", "Spotify", "SoundCloud", "Behance", "Dribbble", "GitHub",
             "Stack Overflow", "Patreon", "Kick", "BeReal"]

ROLES = ["Gestionnaire de communauté", "Responsable des médias sociaux", "Stratège numérique", "Rédactrice web",
         "Rédacteur web", "Chargée de contenu social", "Chargé de communication", "Community manager",
         "Directrice des communications", "Animateur de communauté", "Modératrice", "Consultante indépendante",
         "Consultant indépendant", "Responsable de l’engagement", "Coordonnatrice marketing", "Journaliste",
         "Producteur de balados", "Créatrice de contenu", "Cheffe de projet numérique", "Stagiaire"]

BANK = [  # (id, French wording, English wording or None, aliases)
    ("debuts", "Comment as-tu commencé ?", "How did you get started?", ["Comment as-tu débuté ?", "Comment es-tu arrivé dans le métier ?"]),
    ("metier-140", "Décris ton travail en 140 caractères.", "Describe your job in 140 characters.", ["Décris ton métier en 140 caractères."]),
    ("journee", "À quoi ressemble ta journée ?", "What does your day look like?", ["Décris une journée type."]),
    ("outil-prefere", "Quel est ton outil préféré ?", "What is your favourite tool?", ["Quel outil est ton préféré ?"]),
    ("meilleur-coup", "Quel est ton meilleur coup, celui dont tu es le plus fier ?", None, ["De quoi es-tu le plus fier ?"]),
    ("pire-erreur", "Quelle est la pire erreur que tu as faite ?", None, ["Quelle est la pire erreur que tu aies faite ?"]),
    ("veille", "Comment te gardes-tu à jour ?", "How do you keep up to date?", ["Comment fais-tu ta veille ?"]),
    ("qualite", "Quelle est la qualité principale d’un gestionnaire de communauté ?", None, []),
    ("admiration", "Quel autre gestionnaire de communauté admires-tu ?", None, ["Quel autre community manager admires-tu ?"]),
    ("avenir", "Comment vois-tu l’avenir de la profession ?", "How do you see the future of the profession?", ["Comment vois-tu l’avenir du métier ?"]),
    ("sinon", "Si tu n’étais pas gestionnaire de communauté, tu ferais quoi ?", None, []),
    ("conseil", "Que recommandes-tu à quelqu’un qui désire faire ce métier ?", None, ["Quel conseil donnerais-tu à une débutante ?"]),
    ("formation", "Quelle formation as-tu suivie ?", "What did you study?", []),
    ("mesure", "Comment mesures-tu le succès d’une campagne ?", None, ["Comment mesures-tu tes résultats ?"]),
    ("crise", "Raconte-nous une crise que tu as dû gérer.", "Tell us about a crisis you handled.", []),
    ("trolls", "Comment gères-tu les trolls ?", None, ["Que fais-tu des trolls ?"]),
    ("plateforme-preferee", "Quelle est ta plateforme préférée, et pourquoi ?", None, []),
    ("plateforme-detestee", "Quelle plateforme aimerais-tu voir disparaître ?", None, []),
    ("equilibre", "Comment décroches-tu après le travail ?", None, ["Comment fais-tu pour décrocher ?"]),
    ("teletravail", "Télétravail ou bureau ?", "Remote or office?", []),
    ("budget", "As-tu un budget publicitaire ?", None, []),
    ("equipe", "Avec qui travailles-tu au quotidien ?", None, []),
    ("direction", "Comment convaincs-tu la direction ?", None, []),
    ("ia", "Que penses-tu de l’intelligence artificielle dans ton métier ?", "What do you think of AI in your job?", []),
    ("moderation", "Quelles sont tes règles de modération ?", None, []),
    ("ton", "Comment choisis-tu le ton de la marque ?", None, []),
    ("livre", "Quel livre recommandes-tu ?", "Which book do you recommend?", []),
    ("balado", "Quel balado écoutes-tu en ce moment ?", None, ["Quel podcast écoutes-tu en ce moment ?"]),
    ("compte-inspirant", "Quel compte suis-tu pour t’inspirer ?", None, []),
    ("publication-fierte", "De quelle publication es-tu la plus fière ?", None, []),
    ("echec", "Quelle campagne n’a pas marché ?", None, []),
    ("indicateur", "Quel indicateur regardes-tu en premier le matin ?", None, []),
    ("communaute-ideale", "À quoi ressemble une communauté idéale ?", None, []),
    ("benevoles", "Comment motives-tu les bénévoles ?", None, []),
    ("evenements", "Organises-tu des événements hors ligne ?", None, []),
    ("salaire", "Le métier est-il bien payé ?", None, []),
    ("cliche", "Quel cliché sur ton métier t’agace le plus ?", None, []),
    ("emoji", "Quel est ton émoji préféré ?", "What is your favourite emoji?", []),
    ("rituel", "As-tu un rituel avant une publication importante ?", None, []),
    ("dernier-mot", "Un dernier mot pour nos lecteurs ?", "A last word for our readers?", []),
]
OWN_QUESTION_STARTS = ["Que penses-tu de la", "Parle-nous de la", "Comment vis-tu la", "Pourquoi aimes-tu autant la",
                       "Qu’as-tu appris de la", "Quel rôle joue la", "Comment expliques-tu la", "Raconte-nous la"]

ANSWER_WORDS = 64  # asked per answer; sentences overrun it, so answers average ~80 words
SITE_START, SITE_DAYS = dt.date(2015, 1, 1), 3652  # published dates spread over ten years


def slugify(text: str) -> str:
    """Same rule as the project: ASCII, lowercase, hyphens."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def feminine(adj: str) -> str:
    for end, fem in (("eux", "euse"), ("if", "ive"), ("el", "elle"), ("en", "enne"), ("er", "ère"),
                     ("on", "onne"), ("eau", "elle"), ("et", "ète")):
        if adj.endswith(end):
            return adj[: -len(end)] + fem
    return adj if adj.endswith("e") else adj + "e"


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith("eau"):
        return word + "x"
    return word + "s"


def verb_forms(verb: str) -> list[str]:
    if not verb.endswith("er"):
        return [verb]
    stem = verb[:-2]
    forms = []
    for ending in VERB_ENDINGS:
        s = stem
        if ending[0] in "ao" and stem.endswith("g"):
            s = stem + "e"
        elif ending[0] in "ao" and stem.endswith("c"):
            s = stem[:-1] + "ç"
        forms.append(s + ending)
    return forms


def build_vocabulary() -> list[str]:
    """~3,000 distinct content word forms, in a fixed order (the rng later ranks them)."""
    forms: list[str] = []
    for noun in NOUNS:
        forms += [noun, plural(noun)]
    for adj in ADJECTIVES:
        fem = feminine(adj)
        forms += [adj, fem, plural(adj), plural(fem)]
    for verb in VERBS:
        forms += verb_forms(verb)
    forms += ENGLISH + FIRST_NAMES + PLACES
    return list(dict.fromkeys(forms))


class Zipf:
    """Draws from a ranked pool with probability ∝ 1 / rank^s (rank 1 is the most frequent)."""

    def __init__(self, items: list, s: float = 1.0):
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (rank ** s) for rank in range(1, len(items) + 1)))

    def draw(self, rng: random.Random, k: int = 1) -> list:
        return rng.choices(self.items, cum_weights=self.cum, k=k)

    def distinct(self, rng: random.Random, k: int) -> list:
        """k different items (fewer if the pool is smaller)."""
        chosen: dict = {}
        k = min(k, len(self.items))
        while len(chosen) < k:
            for item in self.draw(rng, k - len(chosen)):
                chosen[item] = None
        return list(chosen)[:k]


ELIDE = {"le": "l’", "la": "l’", "de": "d’", "que": "qu’", "je": "j’", "ne": "n’", "se": "s’"}
VOWELS = tuple("aeiouyéèêàâîôûhAEIOUYÉÈÊÀÂÎÔÛH")


class Writer:
    """Sentences, paragraphs and answers of French-looking text, with a little Markdown."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        vocabulary = build_vocabulary()
        rng.shuffle(vocabulary)  # which forms are frequent depends on the seed
        self.content = Zipf(vocabulary, 0.8)  # flatter than 1.0: a small vocabulary repeats less
        self.function = Zipf(FUNCTION_WORDS, 0.7)
        self.nouns = NOUNS

    def sentence(self, length: int | None = None) -> str:
        rng = self.rng
        length = length or rng.randint(7, 19)
        kinds = rng.choices((0, 1), weights=(45, 55), k=length)
        functions = iter(self.function.draw(rng, length))
        contents = iter(self.content.draw(rng, length))
        words: list[str] = []
        for kind in kinds:
            word = next(functions) if kind == 0 else next(contents)
            if words and words[-1] in ELIDE and word.startswith(VOWELS):
                words[-1] = ELIDE[words[-1]] + word
            else:
                words.append(word)
        roll = rng.random()
        if roll < 0.05 and len(words) > 3:  # bold
            i = rng.randrange(len(words))
            words[i] = f"**{words[i]}**"
        elif roll < 0.08 and len(words) > 3:  # emphasis
            i = rng.randrange(len(words))
            words[i] = f"*{words[i]}*"
        elif roll < 0.11 and len(words) > 6:  # « a quote »
            i = rng.randrange(len(words) - 4)
            words[i], words[i + 3] = "« " + words[i], words[i + 3] + " »"
        elif roll < 0.14 and len(words) > 6:  # a link
            i = rng.randrange(len(words) - 2)
            words[i:i + 2] = [f"[{words[i]} {words[i + 1]}](https://example.org/{slugify(words[i])}-{rng.randrange(999)})"]
        if len(words) > 8 and rng.random() < 0.4:
            i = rng.randrange(3, len(words) - 2)
            words[i] += ","
        text = " ".join(words)
        text = text[0].upper() + text[1:] if text[0] != "*" and text[0] != "[" else text
        end = rng.choices((".", ".", ".", " !", " ?", "…"), k=1)[0]
        if rng.random() < 0.02:
            end += rng.choice((" 🙂", " 😅", " #" + slugify(rng.choice(self.nouns)).replace("-", "")))
        return text + end

    def paragraph(self, words: int, extra: list[str] = ()) -> str:
        sentences, count = [], 0
        while count < words:
            sentence = self.sentence()
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        for sentence in extra:  # mentions go somewhere inside the paragraph
            sentences.insert(self.rng.randrange(len(sentences) + 1), sentence)
        return " ".join(sentences)

    def answer(self, words: int, mentions: list[str]) -> str:
        """~`words` words in one to three paragraphs, sometimes ending with a list."""
        rng = self.rng
        paragraphs = rng.choices((1, 2, 3), weights=(3, 4, 2), k=1)[0]
        parts = [self.paragraph(max(8, words // paragraphs)) for _ in range(paragraphs)]
        if mentions:
            i = rng.randrange(len(parts))
            parts[i] = self.paragraph(max(8, words // paragraphs), mentions)
        if rng.random() < 0.1:
            parts.append("\n".join(f"- {self.sentence(rng.randint(4, 9))}" for _ in range(rng.randint(2, 4))))
        return "\n\n".join(parts)


# --- entities, question bank, people --------------------------------------------------------

def entity_pools(rng: random.Random) -> dict[str, list[str]]:
    """300 organisations, 120 tools, 30 platforms, 200 tags; each list is in Zipf rank order."""
    orgs: dict[str, None] = {}
    while len(orgs) < 300:
        kind, place = rng.choice(ORG_KINDS), rng.choice(PLACES)
        name = f"{kind} {place}" if rng.random() < 0.7 else f"{kind} {rng.choice(ADJECTIVES).capitalize()} {place}"
        orgs.setdefault(name)
    tools: dict[str, None] = dict.fromkeys(REAL_TOOLS)
    while len(tools) < 120:
        syllables = "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(1, 2)))
        tools.setdefault(syllables.capitalize() + rng.choice(TOOL_SUFFIXES))
    tags = list(dict.fromkeys(n for n in NOUNS if "-" not in n))
    rng.shuffle(tags)
    pools = {"organizations": list(orgs), "tools": list(tools), "platforms": list(PLATFORMS), "tags": tags[:200]}
    for kind in ("organizations", "tools"):
        rng.shuffle(pools[kind])
    return pools


def entity_aliases(rng: random.Random, pools: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    """Aliases for about a third of the organisations and tools and a few platforms, unique by key."""
    def key(name: str) -> str:
        return re.sub(r"[\W_]+", "", strip_accents(name).casefold())

    aliases: dict[str, dict[str, list[str]]] = {}
    for kind, names in pools.items():
        if kind == "tags":
            continue
        taken = {key(n) for n in names}
        aliases[kind] = {}
        for name in names:
            if rng.random() > (0.15 if kind == "platforms" else 0.33):
                continue
            if kind == "organizations":
                candidates = [f"L’{name}", f"{name} inc.", " ".join(name.split()[1:])]
            elif kind == "tools":
                candidates = [f"{name}.com", f"{name} App", name.upper()]
            else:
                candidates = [f"{name} app", name.lower()]
            for alias in candidates:
                if alias and key(alias) not in taken and len(alias) >= 3:
                    taken.add(key(alias))
                    aliases[kind].setdefault(name, []).append(alias)
                    break
    aliases["platforms"]["X (Twitter)"] = ["Twitter"]
    return aliases


def people_names(rng: random.Random, n: int) -> list[str]:
    """n distinct full names with distinct slugs."""
    names, slugs = [], set()
    while len(names) < n:
        last = rng.choice(LAST_NAMES)
        if rng.random() < 0.15:
            last = f"{last}-{rng.choice(LAST_NAMES)}"
        name = f"{rng.choice(FIRST_NAMES)} {last}"
        if slugify(name) not in slugs:
            slugs.add(slugify(name))
            names.append(name)
    return names


# --- one portrait ---------------------------------------------------------------------------

MENTION_TEMPLATES = {
    "organizations": ["Chez {x}, on apprend vite.", "J’ai passé trois ans chez {x}.", "L’équipe de {x} m’a tout appris."],
    "tools": ["J’utilise {x} tous les jours.", "Sans {x}, je serais perdue.", "On a tout migré vers {x} l’an dernier."],
    "platforms": ["Sur {x}, la communauté est très active.", "Je publie surtout sur {x}.", "{x} a beaucoup changé depuis."],
    "people": ["{x} m’a beaucoup inspirée.", "J’ai longtemps travaillé avec {x}.", "Lisez le portrait de {x}, il est génial."],
}


def make_portrait(rng: random.Random, writer: Writer, index: int, names: list[str], pools: dict[str, Zipf],
                  aliases: dict[str, dict[str, list[str]]], photo: bool) -> dict:
    """A portrait as plain data (what the YAML file holds), ~30 answers of ~80 words."""
    name = names[index]
    first = name.split()[0]
    picks = {
        "organizations": pools["organizations"].distinct(rng, rng.randint(1, 3)),
        "tools": pools["tools"].distinct(rng, rng.randint(2, 6)),
        "platforms": pools["platforms"].distinct(rng, rng.randint(2, 5)),
        "tags": pools["tags"].distinct(rng, rng.randint(2, 6)),
    }
    role = rng.choice(ROLES)
    start = rng.randint(2006, 2022)  # of the current position; earlier ones go back in time
    career, since = [], start
    for position, org in enumerate(picks["organizations"]):
        year = since if position == 0 else since - rng.randint(1, 5)
        step = {"organization": org, "role": role if position == 0 else rng.choice(ROLES),
                "start": year if rng.random() < 0.5 else f"{year}-{rng.randint(1, 12):02d}"}
        if position:
            step["end"] = since
        career.append(step)
        since = year
    # Lists sometimes name an entity by a registry alias.
    listed = {kind: [rng.choice(aliases.get(kind, {}).get(x, [x])) if rng.random() < 0.1 else x for x in xs]
              for kind, xs in picks.items()}

    def mentions() -> list[str]:
        found = []
        if rng.random() < 0.35:
            kind = rng.choice(("organizations", "tools", "platforms"))
            found.append(rng.choice(MENTION_TEMPLATES[kind]).format(x=rng.choice(picks[kind])))
        if rng.random() < 0.04 and len(names) > 1:
            other = names[rng.randrange(len(names))]
            if other != name:
                found.append(rng.choice(MENTION_TEMPLATES["people"]).format(x=other))
        return found

    bank = sorted(rng.sample(range(len(BANK)), rng.randint(23, 27)))
    interview = []
    for b in bank:
        bank_id, wording, _, bank_aliases = BANK[b]
        question = rng.choice(bank_aliases) if bank_aliases and rng.random() < 0.1 else wording
        item = {"question": question}
        if rng.random() < 0.3:
            item["id"] = bank_id
        item["answer"] = writer.answer(max(15, int(rng.gauss(ANSWER_WORDS, 20))), mentions())
        interview.append(item)
    for _ in range(rng.randint(3, 7)):  # a few questions of its own
        question = f"{rng.choice(OWN_QUESTION_STARTS)} {rng.choice(NOUNS)} {rng.choice(ADJECTIVES)} ?"
        interview.insert(rng.randrange(len(interview) + 1),
                         {"question": question, "answer": writer.answer(max(15, int(rng.gauss(ANSWER_WORDS, 20))), mentions())})
    handle = slugify(name).replace("-", "_")[:15]
    portrait = {
        "name": name,
        "published": SITE_START + dt.timedelta(days=rng.randrange(SITE_DAYS)),
        "headline": f"{role} chez {picks['organizations'][0]}",
    }
    if rng.random() < 0.2:
        portrait["nickname"] = f"{rng.choice(('Le', 'La'))} {rng.choice(PLACES)}"
    if rng.random() < 0.5:
        portrait["author"] = "Équipe Portraits"
    if photo:
        portrait["photo"] = {"src": f"_media/{slugify(name)}.png", "alt": f"Portrait de {name}"}
    portrait["intro"] = f"{first} anime des communautés depuis {start}. " + writer.paragraph(rng.randint(60, 110))
    portrait["career"] = career
    portrait.update(listed)
    portrait["links"] = {"LinkedIn": f"https://www.linkedin.com/in/exemple-{slugify(name)}"}
    if rng.random() < 0.5:
        portrait["links"]["Twitter"] = "@" + handle
    if rng.random() < 0.2:
        portrait["links"]["Mastodon"] = f"@{handle}@mastodon.social"
    portrait["interview"] = interview
    if rng.random() < 0.2:
        portrait["reading"] = [{"title": writer.sentence(rng.randint(3, 7)).rstrip(".!?… "),
                                "url": f"https://example.org/lecture/{rng.randrange(10**6)}"}]
    if rng.random() < 0.05 and len(names) > 1:
        other = slugify(names[rng.randrange(len(names))])
        if other != slugify(name):
            portrait["related"] = [other]
    return portrait


def make_corpus(n: int, seed: int, photos: int = 0) -> dict:
    """Everything a size-n site holds: portraits (data), bank, registry. Deterministic."""
    rng = random.Random(f"{seed}:{n}")
    writer = Writer(random.Random(f"{seed}:{n}:text"))
    pools = entity_pools(rng)
    aliases = entity_aliases(rng, pools)
    zipf = {kind: Zipf(items, 1.0) for kind, items in pools.items()}
    names = people_names(rng, n)
    portraits = [make_portrait(rng, writer, i, names, zipf, aliases, photo=i < photos) for i in range(n)]
    return {"portraits": portraits, "pools": pools, "aliases": aliases}


# --- writing the two sites ------------------------------------------------------------------

def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def block(text: str, indent: str) -> str:
    """A YAML literal block scalar."""
    return "|\n" + "\n".join(indent + line if line else "" for line in text.split("\n"))


def portrait_yaml(p: dict) -> str:
    lines = [f"name: {q(p['name'])}", f"published: {p['published'].isoformat()}", f"headline: {q(p['headline'])}"]
    for key in ("nickname", "author"):
        if key in p:
            lines.append(f"{key}: {q(p[key])}")
    if "photo" in p:
        lines += ["photo:", f"  src: {p['photo']['src']}", f"  alt: {q(p['photo']['alt'])}"]
    lines.append("intro: " + block(p["intro"], "  "))
    lines.append("career:")
    for step in p["career"]:
        start = step["start"] if isinstance(step["start"], int) else q(step["start"])
        lines += [f"  - organization: {q(step['organization'])}", f"    role: {q(step['role'])}", f"    start: {start}"]
        if "end" in step:
            lines.append(f"    end: {step['end']}")
    for kind in ("organizations", "tools", "platforms", "tags"):
        lines.append(f"{kind}: [{', '.join(q(x) for x in p[kind])}]")
    lines.append("links:")
    lines += [f"  {label}: {q(url)}" for label, url in p["links"].items()]
    lines.append("interview:")
    for item in p["interview"]:
        lines.append(f"  - question: {q(item['question'])}")
        if "id" in item:
            lines.append(f"    id: {item['id']}")
        lines.append("    answer: " + block(item["answer"], "      "))
    if "reading" in p:
        lines.append("reading:")
        lines += [f"  - title: {q(r['title'])}\n    url: {r['url']}" for r in p["reading"]]
    if "related" in p:
        lines.append(f"related: [{', '.join(p['related'])}]")
    return "\n".join(lines) + "\n"


def portrait_markdown(p: dict) -> str:
    """The same text as a plain Markdown page: name, intro, one `## ` per question."""
    parts = [f"# {p['name']}", p["intro"]]
    for item in p["interview"]:
        parts += [f"## {item['question']}", item["answer"]]
    return "\n\n".join(parts) + "\n"


def bank_yaml() -> str:
    lines = ["# Synthetic question bank (scripts/bench)."]
    for bank_id, fr, en, aliases in BANK:
        lines.append(f"- id: {bank_id}")
        lines.append(f"  text: {q(fr)}" if en is None else f"  text:\n    fr: {q(fr)}\n    en: {q(en)}")
        if aliases:
            lines.append("  aliases: [" + ", ".join(q(a) for a in aliases) + "]")
    return "\n".join(lines) + "\n"


def entities_yaml(rng: random.Random, pools: dict[str, list[str]], aliases: dict[str, dict[str, list[str]]]) -> str:
    lines = ["# Synthetic entity registry (scripts/bench)."]
    for kind in ("organizations", "tools", "platforms"):
        lines.append(f"{kind}:")
        for name in pools[kind]:
            lines.append(f"  - name: {q(name)}")
            if name in aliases[kind]:
                lines.append("    aliases: [" + ", ".join(q(a) for a in aliases[kind][name]) + "]")
            if rng.random() < 0.5:
                lines.append(f"    description: {q('Une organisation fictive, pour le banc d’essai : ' + name + '.')}")
            if rng.random() < 0.3:
                lines.append(f"    url: https://example.org/{kind}/{slugify(name)}")
    return "\n".join(lines) + "\n"


def tiny_png(width: int = 480, height: int = 480, shade: int = 128) -> bytes:
    """A valid grey PNG, without Pillow."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def project_config() -> tuple[str, dict]:
    import yaml
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def copy_editor_files(config: dict, target: Path) -> None:
    """The editor's pages (docs/, with the about page) and any theme overrides."""
    docs = ROOT / config.get("docs_dir", "docs")
    shutil.copytree(docs, target / config.get("docs_dir", "docs"), dirs_exist_ok=True)
    custom = (config.get("theme") or {}).get("custom_dir")
    if custom and (ROOT / custom).is_dir():
        shutil.copytree(ROOT / custom, target / custom, dirs_exist_ok=True)


def write_full_site(folder: Path, corpus: dict, seed: int) -> dict:
    """The project's mkdocs.yml (plugins included), docs/, and the portraits folder."""
    text, config = project_config()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    copy_editor_files(config, folder)
    portraits = folder / "portraits"
    portraits.mkdir(exist_ok=True)
    (portraits / "_questions.yml").write_text(bank_yaml(), encoding="utf-8")
    rng = random.Random(f"{seed}:registry")
    (portraits / "_entities.yml").write_text(entities_yaml(rng, corpus["pools"], corpus["aliases"]), encoding="utf-8")
    words = bytes_ = 0
    for p in corpus["portraits"]:
        if "photo" in p:
            (portraits / "_media").mkdir(exist_ok=True)
            (portraits / p["photo"]["src"]).write_bytes(tiny_png(shade=64 + len(p["name"]) * 7 % 128))
        content = portrait_yaml(p)
        (portraits / f"{slugify(p['name'])}.yml").write_text(content, encoding="utf-8")
        bytes_ += len(content.encode())
        words += len(p["intro"].split()) + sum(len(i["answer"].split()) for i in p["interview"])
    n = len(corpus["portraits"])
    return {"words_per_portrait": words / n, "answers_per_portrait": sum(len(p["interview"]) for p in corpus["portraits"]) / n,
            "yaml_bytes": bytes_}


def write_plain_site(folder: Path, corpus: dict) -> None:
    """Same theme, same search, no plugin: one Markdown page per portrait, a home page, the
    editor's pages. `mkdocs.yml` has a nav of home + about; `mkdocs-autonav.yml` lets MkDocs
    list every page in the navigation (its default)."""
    import yaml
    _, config = project_config()
    folder.mkdir(parents=True, exist_ok=True)
    copy_editor_files(config, folder)
    docs = folder / config.get("docs_dir", "docs")
    plugins = []
    language = "fr"
    for plugin in config.get("plugins", []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name == "portraits":
            language = (plugin.get("portraits") or {}).get("language", "fr") if isinstance(plugin, dict) else "fr"
        else:
            plugins.append(plugin)
    if not any((p if isinstance(p, str) else next(iter(p))) == "search" for p in plugins):
        plugins.insert(0, "search")  # a plain MkDocs + Material site searches with Material's lunr plugin
    config["plugins"] = plugins
    config["theme"] = {**(config.get("theme") or {"name": "material"}), "language": language}
    newest = sorted(corpus["portraits"], key=lambda p: p["published"], reverse=True)
    home = [f"# {config.get('site_name', 'Portraits')}", ""]
    home += [f"- [{p['name']}](portraits/{slugify(p['name'])}.md) — {p['headline']}" for p in newest[:24]]
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    (docs / "portraits").mkdir(exist_ok=True)
    for p in corpus["portraits"]:
        (docs / "portraits" / f"{slugify(p['name'])}.md").write_text(portrait_markdown(p), encoding="utf-8")
    own = sorted(str(f.relative_to(docs)) for f in docs.glob("*.md") if f.name != "index.md")
    nav_config = {**config, "nav": [{"Accueil": "index.md"}, *own]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(nav_config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    auto_config = {**config, "site_dir": "site-autonav"}
    (folder / "mkdocs-autonav.yml").write_text(yaml.safe_dump(auto_config, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")


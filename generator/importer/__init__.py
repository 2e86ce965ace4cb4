"""`portraits import`: an existing interview (plain text, Markdown, an HTML page, a WordPress
export, a Word or OpenDocument file) → the data of a draft portrait, with the doubtful
decisions marked for a human.

The steps, each its own module:
1. readers (`read` picks one): `text`, `html`, `wxr`, `docx`, `odt` — each turns its source
   into an `Article`: a title, a date and the text as Markdown;
2. `blocks`: the Markdown cut into paragraphs, each classified (question, text, caption,
   page chrome…);
3. `parse`: the blocks read in order into the portrait's data, with `guess` (name, language),
   `dates`, `answers` (speakers, doubtful answers) and `bank` (question ids);
4. `write`: the data as YAML or Markdown, each flag a comment beside its value.

`questionnaire` writes the documents sent to an interviewee, which come back through step 1.
"""

from .article import Article, ArticleError, Flag, Imported
from .blocks import question_of
from .guess import guess_language, name_from_title
from .inline import link_of
from .parse import parse_article
from .read import read_article

__all__ = ["Article", "ArticleError", "Flag", "Imported", "guess_language", "link_of", "name_from_title", "parse_article",
           "question_of", "read_article"]

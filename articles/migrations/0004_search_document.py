"""Site search: the stored search vector of every article, its GIN index, and the triggers
that keep it current.

The vector is built by the database, not by Django, because an article's searchable text
lives in four tables and is written by many paths: Model.save(), bulk_create(),
QuerySet.update(), raw SQL and COPY, bylines and tags added or removed, an author renamed.
Triggers see all of them. On other databases (SQLite, the quick start) nothing is created
and the column stays empty: search there reads the text columns directly.

Rebuilding one article's vector, or all of them, is `UPDATE articles_article SET
search_document = NULL [WHERE ...]`: any write to the column is replaced by a fresh one.
"""

import django.contrib.postgres.search
from django.db import migrations

import articles.models

# The body is sanitized HTML (nh3, serialized by html5ever), so stripping tags with a regular
# expression is sound here: no comments, scripts or CDATA survive the sanitizer, and quoted
# attribute values (which may hold a ">") are skipped whole. Done in SQL rather than kept in
# a plain-text column: the text is only needed to build the vector on write and for the
# twenty snippets of a results page, and a second copy of every body would have to be kept
# in step by every write path too. Entities are decoded after the tags are gone, so an
# escaped "&lt;b&gt;" becomes the text "<b>", which the snippet escapes again. Control
# characters are removed: snippets use two of them to mark matches (articles.search).
HTML_TO_TEXT = r"""
CREATE OR REPLACE FUNCTION articles_html_to_text(html text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(
        replace(replace(replace(replace(replace(
            regexp_replace(
                regexp_replace(coalesce(html, ''), '<(?:"[^"]*"|''[^'']*''|[^''">])*>', ' ', 'g'),
                '[[:cntrl:]]', ' ', 'g'
            ),
            '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&amp;', '&'),
        '\s+', ' ', 'g'
    ))
$$;
"""

# Headline A, summary, bylines and tags B, body C: a word in the headline says more about
# what the story is about than the same word in its tenth paragraph.
SEARCH_DOCUMENT = r"""
CREATE OR REPLACE FUNCTION articles_search_document(
    article_id bigint, headline text, dek text, body text
) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT
        setweight(to_tsvector('english', coalesce(headline, '')), 'A')
        || setweight(to_tsvector('english', coalesce(dek, '')), 'B')
        || setweight(to_tsvector('english', coalesce((
            SELECT string_agg(author.name, ' ' ORDER BY byline."order", byline.id)
            FROM articles_byline byline
            JOIN articles_author author ON author.id = byline.author_id
            WHERE byline.article_id = articles_search_document.article_id
        ), '')), 'B')
        || setweight(to_tsvector('english', coalesce((
            SELECT string_agg(tag.name, ' ' ORDER BY tag.name)
            FROM taggit_taggeditem item
            JOIN taggit_tag tag ON tag.id = item.tag_id
            WHERE item.object_id = articles_search_document.article_id
              AND item.content_type_id = (
                  SELECT id FROM django_content_type
                  WHERE app_label = 'articles' AND model = 'article'
              )
        ), '')), 'B')
        || setweight(to_tsvector('english', articles_html_to_text(body)), 'C')
$$;
"""

# On the article itself: a BEFORE trigger fills the row being written. On UPDATE it runs only
# when the text changed or the column was written (a save() carrying a stale vector, or the
# NULL "rebuild" touch below), so the many saves that change a status, a date or a version
# number cost nothing. It writes no other table, so nothing can recurse.
ARTICLE_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION articles_article_fill_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := articles_search_document(NEW.id, NEW.headline, NEW.dek, NEW.body);
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_article_search_insert
    BEFORE INSERT ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_fill_search_document();

CREATE TRIGGER articles_article_search_update
    BEFORE UPDATE ON articles_article
    FOR EACH ROW WHEN (
        NEW.search_document IS NULL
        OR NEW.search_document IS DISTINCT FROM OLD.search_document
        OR NEW.headline IS DISTINCT FROM OLD.headline
        OR NEW.dek IS DISTINCT FROM OLD.dek
        OR NEW.body IS DISTINCT FROM OLD.body
    )
    EXECUTE FUNCTION articles_article_fill_search_document();
"""

# On the tables the vector also reads: AFTER ... FOR EACH STATEMENT with transition tables,
# so a bulk_create of bylines or tags.set() rebuilds each affected article once, not once
# per row. An update rebuilds only the articles whose searchable part changed.
RELATED_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION articles_byline_refresh_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (SELECT article_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (SELECT article_id FROM old_rows);
    ELSE
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (
            SELECT unnest(ARRAY[o.article_id, n.article_id])
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.article_id, o.author_id, o."order")
                IS DISTINCT FROM (n.article_id, n.author_id, n."order")
        );
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_byline_search_insert
    AFTER INSERT ON articles_byline REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_byline_refresh_search();
CREATE TRIGGER articles_byline_search_update
    AFTER UPDATE ON articles_byline REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_byline_refresh_search();
CREATE TRIGGER articles_byline_search_delete
    AFTER DELETE ON articles_byline REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_byline_refresh_search();

CREATE OR REPLACE FUNCTION articles_taggeditem_refresh_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    article_type integer := (
        SELECT id FROM django_content_type WHERE app_label = 'articles' AND model = 'article'
    );
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (SELECT object_id FROM new_rows WHERE content_type_id = article_type);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (SELECT object_id FROM old_rows WHERE content_type_id = article_type);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_taggeditem_search_insert
    AFTER INSERT ON taggit_taggeditem REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggeditem_refresh_search();
CREATE TRIGGER articles_taggeditem_search_update
    AFTER UPDATE ON taggit_taggeditem REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggeditem_refresh_search();
CREATE TRIGGER articles_taggeditem_search_delete
    AFTER DELETE ON taggit_taggeditem REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggeditem_refresh_search();

-- A renamed author or tag: every article that carries the name. Deleting either is
-- refused while an article uses it (PROTECT) or deletes the tagged items first.
CREATE OR REPLACE FUNCTION articles_author_refresh_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article SET search_document = NULL
    WHERE id IN (
        SELECT byline.article_id
        FROM articles_byline byline
        JOIN old_rows o ON o.id = byline.author_id
        JOIN new_rows n ON n.id = o.id
        WHERE n.name IS DISTINCT FROM o.name
    );
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_author_search_update
    AFTER UPDATE ON articles_author REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_author_refresh_search();

CREATE OR REPLACE FUNCTION articles_tag_refresh_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article SET search_document = NULL
    WHERE id IN (
        SELECT item.object_id
        FROM taggit_taggeditem item
        JOIN old_rows o ON o.id = item.tag_id
        JOIN new_rows n ON n.id = o.id
        WHERE n.name IS DISTINCT FROM o.name
          AND item.content_type_id = (
              SELECT id FROM django_content_type
              WHERE app_label = 'articles' AND model = 'article'
          )
    );
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_tag_search_update
    AFTER UPDATE ON taggit_tag REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_tag_refresh_search();
"""

# Existing articles get their vector through the update trigger, just installed.
BACKFILL = "UPDATE articles_article SET search_document = NULL;"

DROP = r"""
DROP TRIGGER IF EXISTS articles_tag_search_update ON taggit_tag;
DROP TRIGGER IF EXISTS articles_author_search_update ON articles_author;
DROP TRIGGER IF EXISTS articles_taggeditem_search_insert ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_taggeditem_search_update ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_taggeditem_search_delete ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_byline_search_insert ON articles_byline;
DROP TRIGGER IF EXISTS articles_byline_search_update ON articles_byline;
DROP TRIGGER IF EXISTS articles_byline_search_delete ON articles_byline;
DROP TRIGGER IF EXISTS articles_article_search_insert ON articles_article;
DROP TRIGGER IF EXISTS articles_article_search_update ON articles_article;
DROP FUNCTION IF EXISTS articles_tag_refresh_search();
DROP FUNCTION IF EXISTS articles_author_refresh_search();
DROP FUNCTION IF EXISTS articles_taggeditem_refresh_search();
DROP FUNCTION IF EXISTS articles_byline_refresh_search();
DROP FUNCTION IF EXISTS articles_article_fill_search_document();
DROP FUNCTION IF EXISTS articles_search_document(bigint, text, text, text);
DROP FUNCTION IF EXISTS articles_html_to_text(text);
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in (HTML_TO_TEXT, SEARCH_DOCUMENT, ARTICLE_TRIGGERS, RELATED_TRIGGERS, BACKFILL):
        # params=None: the SQL is sent as written, with no placeholder interpolation.
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search document"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=articles.models.SearchDocumentIndex(
                fields=["search_document"], name="article_search_idx"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]

"""Articles' tags move from taggit's generic TaggedItem to TaggedArticle, with a real foreign key.

taggit_taggeditem.object_id is an integer and the articles' key a bigint: every join needed
a cast, which no index serves, so a tag page and its count scanned the archive. The tags
themselves stay taggit's (shared names and slugs); only the rows linking them to articles
move, and the search triggers of migration 0004 follow them.

Order matters on PostgreSQL: the triggers on taggit_taggeditem go first and those on the
new table come last, so that moving the rows rebuilds no search document (each article
keeps exactly the tags it had). The move is reversible.
"""

import importlib

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models

# The document-building function as 0004 wrote it, to put back when this is reversed.
SEARCH_DOCUMENT_0004 = importlib.import_module(
    "articles.migrations.0004_search_document"
).SEARCH_DOCUMENT

# 0004's function, with the tags read through the new table.
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
            FROM articles_taggedarticle item
            JOIN taggit_tag tag ON tag.id = item.tag_id
            WHERE item.content_object_id = articles_search_document.article_id
        ), '')), 'B')
        || setweight(to_tsvector('english', articles_html_to_text(body)), 'C')
$$;
"""

# As 0004 does for bylines: once per statement, each affected article once.
TAGGEDARTICLE_TRIGGERS = r"""
CREATE OR REPLACE FUNCTION articles_taggedarticle_refresh_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (SELECT content_object_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (SELECT content_object_id FROM old_rows);
    ELSE
        UPDATE articles_article SET search_document = NULL
        WHERE id IN (
            SELECT unnest(ARRAY[o.content_object_id, n.content_object_id])
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.content_object_id, o.tag_id) IS DISTINCT FROM (n.content_object_id, n.tag_id)
        );
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_taggedarticle_search_insert
    AFTER INSERT ON articles_taggedarticle REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggedarticle_refresh_search();
CREATE TRIGGER articles_taggedarticle_search_update
    AFTER UPDATE ON articles_taggedarticle
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggedarticle_refresh_search();
CREATE TRIGGER articles_taggedarticle_search_delete
    AFTER DELETE ON articles_taggedarticle REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_taggedarticle_refresh_search();
"""

# A renamed tag (the trigger on taggit_tag stays): the articles that carry it, found through
# the (tag, article) unique index.
TAG_REFRESH = r"""
CREATE OR REPLACE FUNCTION articles_tag_refresh_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article SET search_document = NULL
    WHERE id IN (
        SELECT item.content_object_id
        FROM articles_taggedarticle item
        JOIN old_rows o ON o.id = item.tag_id
        JOIN new_rows n ON n.id = o.id
        WHERE n.name IS DISTINCT FROM o.name
    );
    RETURN NULL;
END
$$;
"""

DROP_TAGGEDARTICLE_TRIGGERS = r"""
DROP TRIGGER IF EXISTS articles_taggedarticle_search_insert ON articles_taggedarticle;
DROP TRIGGER IF EXISTS articles_taggedarticle_search_update ON articles_taggedarticle;
DROP TRIGGER IF EXISTS articles_taggedarticle_search_delete ON articles_taggedarticle;
DROP FUNCTION IF EXISTS articles_taggedarticle_refresh_search();
"""

DROP_TAGGEDITEM_TRIGGERS = r"""
DROP TRIGGER IF EXISTS articles_taggeditem_search_insert ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_taggeditem_search_update ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_taggeditem_search_delete ON taggit_taggeditem;
DROP FUNCTION IF EXISTS articles_taggeditem_refresh_search();
"""

# What 0004 created on and for taggit_taggeditem, put back when this is reversed.
TAGGEDITEM_TRIGGERS_0004 = r"""
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
"""

TAG_REFRESH_0004 = r"""
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
"""


def _execute_on_postgresql(schema_editor, *statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        # params=None: the SQL is sent as written, with no placeholder interpolation.
        schema_editor.execute(statement, params=None)


def drop_taggeditem_triggers(apps, schema_editor):
    _execute_on_postgresql(schema_editor, DROP_TAGGEDITEM_TRIGGERS)


def restore_taggeditem_triggers(apps, schema_editor):
    _execute_on_postgresql(schema_editor, TAGGEDITEM_TRIGGERS_0004)


def create_taggedarticle_triggers(apps, schema_editor):
    _execute_on_postgresql(schema_editor, SEARCH_DOCUMENT, TAG_REFRESH, TAGGEDARTICLE_TRIGGERS)


def drop_taggedarticle_triggers(apps, schema_editor):
    _execute_on_postgresql(
        schema_editor, DROP_TAGGEDARTICLE_TRIGGERS, SEARCH_DOCUMENT_0004, TAG_REFRESH_0004
    )


def copy_article_tags(apps, schema_editor):
    """Move the articles' rows of taggit_taggeditem into TaggedArticle, in one statement each.

    Rows pointing at an article that no longer exists (deleted by raw SQL: the generic
    relation has no foreign key) are not copied, only deleted.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type = ContentType.objects.filter(app_label="articles", model="article").first()
    if article_type is None:
        # A new database: content types are created after migrate, so nothing is tagged.
        return
    quote = schema_editor.quote_name
    old = quote(apps.get_model("taggit", "TaggedItem")._meta.db_table)
    new = quote(apps.get_model("articles", "TaggedArticle")._meta.db_table)
    articles = quote(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(
        f"INSERT INTO {new} (tag_id, content_object_id) "
        f"SELECT item.tag_id, item.object_id FROM {old} item "
        f"WHERE item.content_type_id = %s AND item.object_id IN (SELECT id FROM {articles}) "
        "ORDER BY item.id",
        [article_type.pk],
    )
    # Not the ORM's delete(): with signal receivers connected it would fetch every row.
    schema_editor.execute(f"DELETE FROM {old} WHERE content_type_id = %s", [article_type.pk])
    if schema_editor.connection.vendor == "postgresql":
        # Statistics now rather than at autovacuum's next pass: until then the planner takes
        # the new table for empty and pages deep into a big tag with a sequential scan.
        schema_editor.execute(f"ANALYZE {new}", params=None)


def copy_article_tags_back(apps, schema_editor):
    """The reverse: TaggedArticle's rows back into taggit_taggeditem (the table is dropped next)."""
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    if not TaggedArticle.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type, _created = ContentType.objects.get_or_create(app_label="articles", model="article")
    quote = schema_editor.quote_name
    old = quote(apps.get_model("taggit", "TaggedItem")._meta.db_table)
    new = quote(TaggedArticle._meta.db_table)
    schema_editor.execute(
        f"INSERT INTO {old} (tag_id, content_type_id, object_id) "
        f"SELECT tag_id, %s, content_object_id FROM {new} ORDER BY id",
        [article_type.pk],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_listing_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaggedArticle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "content_object",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_articles",
                        to="taggit.tag",
                        verbose_name="tag",
                    ),
                ),
            ],
            options={
                "verbose_name": "tag on an article",
                "verbose_name_plural": "tags on articles",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("tag", "content_object"), name="unique_tag_per_article"
                    )
                ],
            },
        ),
        migrations.AlterField(
            model_name="article",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="articles.TaggedArticle",
                to="taggit.Tag",
                verbose_name="tags",
            ),
        ),
        migrations.RunPython(drop_taggeditem_triggers, restore_taggeditem_triggers),
        migrations.RunPython(copy_article_tags, copy_article_tags_back),
        migrations.RunPython(create_taggedarticle_triggers, drop_taggedarticle_triggers),
    ]

CREATE VIEW segments_search as select s.id as id, replace(replace(s.text, 'ё', 'е'), 'Ё', 'Е') as text, 'v' || s.version_id || ' d' || v.document_id || ' l' || lower(replace(replace(v.language, '-', ''), '_', '')) || ' ' || s.level as tags from segments s join versions v on v.id = s.version_id;
CREATE TRIGGER edition_links_no_delete before delete on edition_links begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER edition_links_no_update before update on edition_links begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER editions_no_delete before delete on editions begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER editions_no_update before update on editions begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER segments_fts_delete after delete on segments begin insert into segments_fts(segments_fts, rowid, text, tags) select 'delete', old.id, replace(replace(old.text, 'ё', 'е'), 'Ё', 'Е'), 'v' || old.version_id || ' d' || v.document_id || ' l' || lower(replace(replace(v.language, '-', ''), '_', '')) || ' ' || old.level from versions v where v.id = old.version_id; end;
CREATE TRIGGER segments_fts_insert after insert on segments begin insert into segments_fts(rowid, text, tags) select new.id, replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'), 'v' || new.version_id || ' d' || v.document_id || ' l' || lower(replace(replace(v.language, '-', ''), '_', '')) || ' ' || new.level from versions v where v.id = new.version_id; end;
CREATE TRIGGER segments_fts_update after update of text, version_id, level on segments begin insert into segments_fts(segments_fts, rowid, text, tags) select 'delete', old.id, replace(replace(old.text, 'ё', 'е'), 'Ё', 'Е'), 'v' || old.version_id || ' d' || v.document_id || ' l' || lower(replace(replace(v.language, '-', ''), '_', '')) || ' ' || old.level from versions v where v.id = old.version_id; insert into segments_fts(rowid, text, tags) select new.id, replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'), 'v' || new.version_id || ' d' || v.document_id || ' l' || lower(replace(replace(v.language, '-', ''), '_', '')) || ' ' || new.level from versions v where v.id = new.version_id; end;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE TABLE "alignments" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "source_version_id" INTEGER NOT NULL REFERENCES "versions"("id"),
   "target_version_id" INTEGER NOT NULL REFERENCES "versions"("id"),
   "method" TEXT,
   "created" TEXT NOT NULL,
   "created_by" TEXT,
   "updated" TEXT
);
CREATE TABLE "dismissed_findings" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "key" TEXT NOT NULL,
   "check_name" TEXT NOT NULL,
   "message" TEXT NOT NULL,
   "source_text" TEXT,
   "target_text" TEXT,
   "reason" TEXT,
   "dismissed_by" TEXT,
   "dismissed_at" TEXT NOT NULL
);
CREATE TABLE "documents" (
   "id" INTEGER PRIMARY KEY,
   "title" TEXT NOT NULL,
   "source_language" TEXT,
   "target_language" TEXT,
   "date" TEXT,
   "summary" TEXT,
   "citation" TEXT,
   "archive_reference" TEXT,
   "translator" TEXT,
   "licence" TEXT,
   "metadata" TEXT,
   "created" TEXT NOT NULL,
   "updated" TEXT NOT NULL
, "allow_self_approval" INTEGER NOT NULL DEFAULT 0);
CREATE TABLE "edition_links" (
   "id" INTEGER PRIMARY KEY,
   "edition_id" INTEGER NOT NULL REFERENCES "editions"("id"),
   "level" TEXT NOT NULL,
   "ordinal" INTEGER NOT NULL,
   "src_start" INTEGER,
   "src_end" INTEGER,
   "tgt_start" INTEGER,
   "tgt_end" INTEGER,
   "source_text" TEXT NOT NULL,
   "target_text" TEXT NOT NULL,
   "status" TEXT,
   "set_by" TEXT
);
CREATE TABLE "editions" (
   "id" INTEGER PRIMARY KEY,
   "alignment_id" INTEGER NOT NULL REFERENCES "alignments"("id"),
   "number" INTEGER NOT NULL,
   "title" TEXT,
   "source_language" TEXT,
   "target_language" TEXT,
   "published_by" TEXT,
   "published_at" TEXT NOT NULL,
   "note" TEXT,
   "links_total" INTEGER,
   "links_included" INTEGER
);
CREATE TABLE "events" (
   "id" INTEGER PRIMARY KEY,
   "at" TEXT NOT NULL,
   "user" TEXT,
   "action" TEXT NOT NULL,
   "entity" TEXT NOT NULL,
   "entity_id" INTEGER,
   "document_id" INTEGER,
   "before" TEXT,
   "after" TEXT
);
CREATE TABLE "flag_comments" (
   "id" INTEGER PRIMARY KEY,
   "flag_id" INTEGER NOT NULL REFERENCES "flags"("id"),
   "author" TEXT,
   "at" TEXT NOT NULL,
   "body" TEXT NOT NULL
);
CREATE TABLE "flags" (
   "id" INTEGER PRIMARY KEY,
   "alignment_id" INTEGER NOT NULL REFERENCES "alignments"("id"),
   "link_id" INTEGER,
   "src_start" INTEGER NOT NULL,
   "src_end" INTEGER NOT NULL,
   "tgt_start" INTEGER NOT NULL,
   "tgt_end" INTEGER NOT NULL,
   "span_side" TEXT,
   "span_position" INTEGER,
   "span_start" INTEGER,
   "span_end" INTEGER,
   "quote" TEXT,
   "category" TEXT NOT NULL,
   "severity" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "status_by" TEXT,
   "status_at" TEXT,
   "created_by" TEXT,
   "created_at" TEXT NOT NULL
);
CREATE TABLE "glossaries" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER REFERENCES "documents"("id"),
   "source_language" TEXT NOT NULL,
   "target_language" TEXT NOT NULL,
   "created_by" TEXT,
   "created_at" TEXT NOT NULL
);
CREATE TABLE "glossary_terms" (
   "id" INTEGER PRIMARY KEY,
   "glossary_id" INTEGER NOT NULL REFERENCES "glossaries"("id"),
   "source_term" TEXT NOT NULL,
   "target_term" TEXT NOT NULL,
   "note" TEXT,
   "forbidden" TEXT NOT NULL,
   "created_by" TEXT,
   "created_at" TEXT NOT NULL,
   "updated_by" TEXT,
   "updated_at" TEXT
);
CREATE TABLE "links" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "alignment_id" INTEGER NOT NULL REFERENCES "alignments"("id"),
   "level" TEXT NOT NULL,
   "src_start" INTEGER NOT NULL,
   "src_end" INTEGER NOT NULL,
   "tgt_start" INTEGER NOT NULL,
   "tgt_end" INTEGER NOT NULL,
   "score" REAL,
   "confidence" REAL,
   "reasons" TEXT,
   "status" TEXT NOT NULL,
   "set_by" TEXT,
   "set_at" TEXT
);
CREATE TABLE "revision_comments" (
   "id" INTEGER PRIMARY KEY,
   "revision_id" INTEGER NOT NULL REFERENCES "revisions"("id"),
   "author" TEXT,
   "at" TEXT NOT NULL,
   "body" TEXT NOT NULL
);
CREATE TABLE "revisions" (
   "id" INTEGER PRIMARY KEY,
   "segment_id" INTEGER NOT NULL REFERENCES "segments"("id"),
   "alignment_id" INTEGER REFERENCES "alignments"("id"),
   "base_revision" INTEGER NOT NULL,
   "base_text" TEXT NOT NULL,
   "text" TEXT NOT NULL,
   "note" TEXT,
   "status" TEXT NOT NULL,
   "author" TEXT,
   "created" TEXT NOT NULL,
   "decided_by" TEXT,
   "decided_at" TEXT,
   "reason_code" TEXT,
   "reason_text" TEXT
);
CREATE TABLE "segment_history" (
   "id" INTEGER PRIMARY KEY,
   "segment_id" INTEGER NOT NULL REFERENCES "segments"("id"),
   "revision" INTEGER NOT NULL,
   "text" TEXT NOT NULL,
   "set_by" TEXT,
   "set_at" TEXT NOT NULL,
   "reason" TEXT
);
CREATE TABLE "segments" (
   "id" INTEGER PRIMARY KEY,
   "version_id" INTEGER NOT NULL REFERENCES "versions"("id"),
   "level" TEXT NOT NULL,
   "position" INTEGER NOT NULL,
   "kind" TEXT NOT NULL,
   "parent_id" INTEGER REFERENCES "segments"("id"),
   "text" TEXT NOT NULL
, "revision" INTEGER NOT NULL DEFAULT 0);
CREATE VIRTUAL TABLE segments_fts using fts5(text, tags, content='segments_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE 'segments_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE 'segments_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'segments_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'segments_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE "users" (
   "id" INTEGER PRIMARY KEY,
   "username" TEXT NOT NULL,
   "password_hash" TEXT,
   "role" TEXT NOT NULL,
   "created" TEXT NOT NULL
, "api_token_hash" TEXT, "api_token_created" TEXT);
CREATE TABLE "versions" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "language" TEXT NOT NULL,
   "role" TEXT NOT NULL,
   "label" TEXT NOT NULL,
   "author" TEXT,
   "format" TEXT,
   "filename" TEXT,
   "created" TEXT NOT NULL,
   "created_by" TEXT
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE UNIQUE INDEX "idx_alignments_source_version_id_target_version_id"
    ON "alignments" ("source_version_id", "target_version_id");
CREATE INDEX "idx_alignments_target_version_id"
    ON "alignments" ("target_version_id");
CREATE UNIQUE INDEX "idx_dismissed_findings_document_id_key"
    ON "dismissed_findings" ("document_id", "key");
CREATE UNIQUE INDEX "idx_edition_links_edition_id_level_ordinal"
    ON "edition_links" ("edition_id", "level", "ordinal");
CREATE UNIQUE INDEX "idx_editions_alignment_id_number"
    ON "editions" ("alignment_id", "number");
CREATE INDEX "idx_events_document_id_id"
    ON "events" ("document_id", "id");
CREATE INDEX "idx_flag_comments_flag_id_id"
    ON "flag_comments" ("flag_id", "id");
CREATE INDEX "idx_flags_alignment_id_status"
    ON "flags" ("alignment_id", "status");
CREATE INDEX "idx_glossaries_document_id_source_language_target_language"
    ON "glossaries" ("document_id", "source_language", "target_language");
CREATE UNIQUE INDEX "idx_glossary_terms_glossary_id_source_term_target_term"
    ON "glossary_terms" ("glossary_id", "source_term", "target_term");
CREATE UNIQUE INDEX "idx_links_alignment_id_level_src_start_tgt_start"
    ON "links" ("alignment_id", "level", "src_start", "tgt_start");
CREATE INDEX "idx_links_alignment_id_level_tgt_start"
    ON "links" ("alignment_id", "level", "tgt_start");
CREATE INDEX "idx_revision_comments_revision_id_id"
    ON "revision_comments" ("revision_id", "id");
CREATE INDEX "idx_revisions_segment_id_status"
    ON "revisions" ("segment_id", "status");
CREATE INDEX "idx_revisions_status_id"
    ON "revisions" ("status", "id");
CREATE UNIQUE INDEX "idx_segment_history_segment_id_revision"
    ON "segment_history" ("segment_id", "revision");
CREATE INDEX "idx_segments_parent_id"
    ON "segments" ("parent_id");
CREATE UNIQUE INDEX "idx_segments_version_id_level_position"
    ON "segments" ("version_id", "level", "position");
CREATE UNIQUE INDEX "idx_users_api_token_hash"
    ON "users" ("api_token_hash");
CREATE UNIQUE INDEX "idx_users_username"
    ON "users" ("username");
CREATE INDEX "idx_versions_document_id"
    ON "versions" ("document_id");

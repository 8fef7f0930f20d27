CREATE VIEW segments_search as with fed as (select s.id as id, s.text as raw, (case when s.text glob '*[' || char(173) || char(8203) || char(8288) || ']*' then replace(replace(replace(replace(replace(s.text, 'ё', 'е'), 'Ё', 'Е'), char(173), ''), char(8203), ''), char(8288), '') else replace(replace(s.text, 'ё', 'е'), 'Ё', 'Е') end) as plain, (case when s.text glob '*[' || char(173) || char(8203) || char(8288) || ']*' then replace(replace(replace(replace(replace(s.text, 'ё', 'е'), 'Ё', 'Е'), char(173), ''), char(8203), ''), char(8288), '') else replace(replace(s.text, 'ё', 'е'), 'Ё', 'Е') end) as text, 'v' || s.version_id || ' d' || v.document_id || ' l' || lower(replace(replace(v.language, '-', ''), '_', '')) || ' ' || s.level as tags from segments s join versions v on v.id = s.version_id), step1 as (select id, raw, plain, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1425), ''), char(1426), ''), char(1427), ''), char(1428), ''), char(1429), ''), char(1430), ''), char(1431), ''), char(1432), ''), char(1433), ''), char(1434), ''), char(1435), ''), char(1436), ''), char(1437), ''), char(1438), ''), char(1439), ''), char(1440), '') as text, tags from fed), step2 as (select id, raw, plain, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1441), ''), char(1442), ''), char(1443), ''), char(1444), ''), char(1445), ''), char(1446), ''), char(1447), ''), char(1448), ''), char(1449), ''), char(1450), ''), char(1451), ''), char(1452), ''), char(1453), ''), char(1454), ''), char(1455), ''), char(1456), '') as text, tags from step1), step3 as (select id, raw, plain, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1457), ''), char(1458), ''), char(1459), ''), char(1460), ''), char(1461), ''), char(1462), ''), char(1463), ''), char(1464), ''), char(1465), ''), char(1466), ''), char(1467), ''), char(1468), ''), char(1469), ''), char(1471), ''), char(1473), ''), char(1474), '') as text, tags from step2), step4 as (select id, raw, plain, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1476), ''), char(1477), ''), char(1479), ''), char(1552), ''), char(1553), ''), char(1554), ''), char(1555), ''), char(1556), ''), char(1557), ''), char(1558), ''), char(1559), ''), char(1560), ''), char(1561), ''), char(1562), ''), char(1570), char(1575)), char(1571), char(1575)) as text, tags from step3), step5 as (select id, raw, plain, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1573), char(1575)), char(1577), char(1607)), char(1600), ''), char(1609), char(1610)), char(1611), ''), char(1612), ''), char(1613), ''), char(1614), ''), char(1615), ''), char(1616), ''), char(1617), ''), char(1618), ''), char(1619), ''), char(1620), ''), char(1621), ''), char(1622), '') as text, tags from step4), step6 as (select id, raw, plain, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1623), ''), char(1624), ''), char(1625), ''), char(1626), ''), char(1627), ''), char(1628), ''), char(1629), ''), char(1630), ''), char(1631), ''), char(1648), ''), char(1649), char(1575)), char(1750), ''), char(1751), ''), char(1752), ''), char(1753), ''), char(1754), '') as text, tags from step5), step7 as (select id, raw, plain, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1755), ''), char(1756), ''), char(1759), ''), char(1760), ''), char(1761), ''), char(1762), ''), char(1763), ''), char(1764), ''), char(1767), ''), char(1768), ''), char(1770), ''), char(1771), ''), char(1772), ''), char(1773), '') as text, tags from step6) select id, case when raw glob '*[' || char(1425) || '-' || char(1773) || ']*' then text else plain end as text, tags from step7;
CREATE TRIGGER edition_links_no_delete before delete on edition_links begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER edition_links_no_update before update on edition_links begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER edition_segments_no_delete before delete on edition_segments begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER edition_segments_no_update before update on edition_segments begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER edition_state_no_delete before delete on edition_state begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER edition_state_no_update before update on edition_state begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER editions_no_delete before delete on editions begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER editions_no_update before update on editions begin select raise(abort, 'editions are immutable'); end;
CREATE TRIGGER segments_fts_delete before delete on segments begin insert into segments_fts(segments_fts, rowid, text, tags) select 'delete', id, text, tags from segments_search where id = old.id; end;
CREATE TRIGGER segments_fts_insert after insert on segments when not exists (select 1 from segments_fts_paused where version_id = new.version_id) begin insert into segments_fts(rowid, text, tags) select id, text, tags from segments_search where id = new.id; end;
CREATE TRIGGER segments_fts_update after update of text, version_id, level on segments begin insert into segments_fts(rowid, text, tags) select id, text, tags from segments_search where id = new.id; end;
CREATE TRIGGER segments_fts_update_old before update of text, version_id, level on segments begin insert into segments_fts(segments_fts, rowid, text, tags) select 'delete', id, text, tags from segments_search where id = old.id; end;
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
, "flag_id" INTEGER REFERENCES "flags"("id"));
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
CREATE TABLE "edition_segments" (
   "id" INTEGER PRIMARY KEY,
   "edition_id" INTEGER NOT NULL REFERENCES "editions"("id"),
   "side" TEXT NOT NULL,
   "level" TEXT NOT NULL,
   "position" INTEGER NOT NULL,
   "paragraph" INTEGER,
   "kind" TEXT,
   "space" TEXT,
   "text" TEXT NOT NULL
);
CREATE TABLE "edition_state" (
   "edition_id" INTEGER PRIMARY KEY REFERENCES "editions"("id"),
   "source_paragraphs" INTEGER NOT NULL,
   "target_paragraphs" INTEGER NOT NULL,
   "source_sentences" INTEGER NOT NULL,
   "target_sentences" INTEGER NOT NULL,
   "last_flag_id" INTEGER NOT NULL,
   "last_flag_comment_id" INTEGER NOT NULL,
   "last_event_id" INTEGER NOT NULL
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
CREATE TABLE segments_fts_paused (version_id integer primary key);
CREATE TABLE "sessions" (
   "id" INTEGER PRIMARY KEY,
   "token_hash" TEXT NOT NULL,
   "user_id" INTEGER NOT NULL REFERENCES "users"("id"),
   "created" TEXT NOT NULL,
   "expires" TEXT NOT NULL,
   "address" TEXT
);
CREATE TABLE "users" (
   "id" INTEGER PRIMARY KEY,
   "username" TEXT NOT NULL,
   "password_hash" TEXT,
   "role" TEXT NOT NULL,
   "created" TEXT NOT NULL
, "api_token_hash" TEXT, "api_token_created" TEXT, "disabled" TEXT);
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
CREATE INDEX "idx_edition_segments_edition_id_side_level_paragraph"
    ON "edition_segments" ("edition_id", "side", "level", "paragraph");
CREATE UNIQUE INDEX "idx_edition_segments_edition_id_side_level_position"
    ON "edition_segments" ("edition_id", "side", "level", "position");
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
CREATE UNIQUE INDEX "idx_sessions_token_hash"
    ON "sessions" ("token_hash");
CREATE INDEX "idx_sessions_user_id"
    ON "sessions" ("user_id");
CREATE UNIQUE INDEX "idx_users_api_token_hash"
    ON "users" ("api_token_hash");
CREATE UNIQUE INDEX "idx_users_username"
    ON "users" ("username");
CREATE INDEX "idx_versions_document_id"
    ON "versions" ("document_id");

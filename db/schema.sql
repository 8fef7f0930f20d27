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
CREATE TABLE "links" (
   "id" INTEGER PRIMARY KEY,
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
CREATE TABLE "segments" (
   "id" INTEGER PRIMARY KEY,
   "version_id" INTEGER NOT NULL REFERENCES "versions"("id"),
   "level" TEXT NOT NULL,
   "position" INTEGER NOT NULL,
   "kind" TEXT NOT NULL,
   "parent_id" INTEGER REFERENCES "segments"("id"),
   "text" TEXT NOT NULL
);
CREATE TABLE "users" (
   "id" INTEGER PRIMARY KEY,
   "username" TEXT NOT NULL,
   "password_hash" TEXT,
   "role" TEXT NOT NULL,
   "created" TEXT NOT NULL
);
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
CREATE INDEX "idx_events_document_id_id"
    ON "events" ("document_id", "id");
CREATE UNIQUE INDEX "idx_links_alignment_id_level_src_start_tgt_start"
    ON "links" ("alignment_id", "level", "src_start", "tgt_start");
CREATE INDEX "idx_segments_parent_id"
    ON "segments" ("parent_id");
CREATE UNIQUE INDEX "idx_segments_version_id_level_position"
    ON "segments" ("version_id", "level", "position");
CREATE UNIQUE INDEX "idx_users_username"
    ON "users" ("username");
CREATE INDEX "idx_versions_document_id"
    ON "versions" ("document_id");

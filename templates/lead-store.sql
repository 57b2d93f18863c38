-- The lead store the templates read and write: PostgreSQL 12 or later. Safe to run again, and on a store made by an
-- older version of this file: every change is additive (IF NOT EXISTS, a looser key replacing a stricter one).
--   psql "postgres://USER:PASSWORD@HOST:5432/DATABASE" -f templates/lead-store.sql
-- Then create a Postgres credential in n8n for the same database and pick it in every "Postgres: ..." node.
-- Column by column, what writes it: docs/integrations/postgresql.md.

CREATE TABLE IF NOT EXISTS contacts (
  email            text PRIMARY KEY,            -- lower-case, trimmed (the trigger below): the key every template matches leads on
  name             text,
  job_title        text,
  company          text,
  employees        integer,
  industry         text,
  -- Score Lead (inbound form, engagement events): the score as of the lead's last activity
  score            double precision,
  fit_score        double precision,
  engagement_score double precision,
  grade            text,                        -- A..D (fit)
  label            text,                        -- grid label A1..D4
  summary          text,                        -- "+20 Senior title, +15 Company size 50-5000, ..."
  scored_at        timestamptz,                 -- leadScore.asOf: the base nightly decay starts from
  last_activity_at timestamptz,                 -- leadScore.lastActivityAt: the newest event that scored
  score_bounds     jsonb,                       -- leadScore.bounds: the model's floor and ceiling, kept by decay
  -- Apply Decay (nightly): the score today; never written back into score, or it would decay twice
  current_score    double precision,
  -- Classify Stage
  stage            text,                        -- Cold, IQL, MQL, SQL
  stage_entered_at timestamptz,
  -- Route to Sales
  owner            text,                        -- the rep's id
  priority         text,                        -- P1..P3
  sla_due          timestamptz,
  -- Changed only when a value changes: a run that changes nothing leaves it (and the row) as it was
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- How many of the lead's events the stored score counts. Fewer than lead_events holds means a run stored events and
-- stopped before saving the score (a crash, a failed node): the next delivery for the lead, a retry included, scores again.
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS scored_events integer;

CREATE TABLE IF NOT EXISTS lead_events (
  id          bigserial PRIMARY KEY,
  email       text NOT NULL,                    -- contacts.email
  source      text NOT NULL,                    -- form, site, sendgrid, mailchimp, brevo
  event_id    text NOT NULL,                    -- the sender's id for the event: a redelivery is stored once
  type        text NOT NULL,                    -- the scoring model's event type: email_click, form_submit, ...
  occurred_at timestamptz NOT NULL,
  url         text,
  campaign    text
);

CREATE INDEX IF NOT EXISTS lead_events_by_email ON lead_events (email, occurred_at);
-- An event is stored once per lead: the lead's key is part of it, so two people clicking one campaign link in the same
-- second are two events even where the sender's id (or the fallback hash of type, time, url and campaign) is the same.
CREATE UNIQUE INDEX IF NOT EXISTS lead_events_once_per_lead ON lead_events (email, source, event_id);
-- Stores made before: their key (source, event_id) dropped two leads' events into one. The new key is looser, so no
-- stored row can violate it.
ALTER TABLE lead_events DROP CONSTRAINT IF EXISTS lead_events_source_event_id_key;

-- Leads that arrived with no usable identity (no email, blank, not an email): kept here with what was received and
-- why, never merged into a shared contact. A redelivery of the same payload is kept once.
CREATE TABLE IF NOT EXISTS lead_quarantine (
  id          bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  source      text NOT NULL,                    -- the template: inbound-form, engagement-event
  reason      text NOT NULL,                    -- "no email", "email is blank", "not an email: ..."
  payload     jsonb NOT NULL,                   -- the lead as it reached the store
  payload_md5 text NOT NULL UNIQUE              -- md5 of source and payload: a retried delivery is stored once
);

-- The store keeps its own key normalisation, so no writer (a template, an import, another tool) can store a key the
-- readers will not find: every email written is trimmed and lower-cased, and one that is blank or has no "@" is refused.
CREATE OR REPLACE FUNCTION lead_store_normalise_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email := lower(btrim(NEW.email));
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS contacts_normalise_email ON contacts;
CREATE TRIGGER contacts_normalise_email BEFORE INSERT OR UPDATE OF email ON contacts
  FOR EACH ROW EXECUTE FUNCTION lead_store_normalise_email();
DROP TRIGGER IF EXISTS lead_events_normalise_email ON lead_events;
CREATE TRIGGER lead_events_normalise_email BEFORE INSERT OR UPDATE OF email ON lead_events
  FOR EACH ROW EXECUTE FUNCTION lead_store_normalise_email();

-- Keys stored before this file normalised them: lower-cased where no other row already has the lower-case key (the
-- rest are reported below and need a merge by hand: docs/integrations/postgresql.md).
UPDATE contacts c SET email = c.email
WHERE c.email <> lower(btrim(c.email)) AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.email = lower(btrim(c.email)));
UPDATE lead_events SET email = email WHERE email <> lower(btrim(email));

-- The same rule as a constraint: checked for every new row; VALIDATE checks the old ones and, where some are left to
-- merge, says so instead of failing the file.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'contacts_email_normalised') THEN
    ALTER TABLE contacts ADD CONSTRAINT contacts_email_normalised
      CHECK (email = lower(btrim(email)) AND email LIKE '_%@_%') NOT VALID;
  END IF;
  BEGIN
    ALTER TABLE contacts VALIDATE CONSTRAINT contacts_email_normalised;
  EXCEPTION WHEN check_violation THEN
    RAISE WARNING 'contacts: some stored emails are not lower-case and trimmed, or are not emails; find them with SELECT email FROM contacts WHERE NOT (email = lower(btrim(email)) AND email LIKE ''_%%@_%%'')';
  END;
END $$;

-- Nightly decay reads the scored contacts in pages, key ranges of email (keyset paging): this index lists their keys
-- in order without reading the rows, so cutting a million contacts into pages is one index-only scan.
CREATE INDEX IF NOT EXISTS contacts_scored_by_email ON contacts (email) WHERE scored_at IS NOT NULL;

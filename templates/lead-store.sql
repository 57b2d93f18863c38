-- The lead store the templates read and write: PostgreSQL 12 or later. Safe to run again (IF NOT EXISTS).
--   psql "postgres://USER:PASSWORD@HOST:5432/DATABASE" -f templates/lead-store.sql
-- Then create a Postgres credential in n8n for the same database and pick it in every "Postgres: ..." node.
-- Column by column, what writes it: docs/integrations/postgresql.md.

CREATE TABLE IF NOT EXISTS contacts (
  email            text PRIMARY KEY,            -- lower-case; the key every template matches leads on
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

CREATE TABLE IF NOT EXISTS lead_events (
  id          bigserial PRIMARY KEY,
  email       text NOT NULL,                    -- contacts.email
  source      text NOT NULL,                    -- form, site, sendgrid, mailchimp, brevo
  event_id    text NOT NULL,                    -- the sender's id for the event: a redelivery is stored once
  type        text NOT NULL,                    -- the scoring model's event type: email_click, form_submit, ...
  occurred_at timestamptz NOT NULL,
  url         text,
  campaign    text,
  UNIQUE (source, event_id)
);

CREATE INDEX IF NOT EXISTS lead_events_by_email ON lead_events (email, occurred_at);

-- Saved reports a user has put on their own dashboard (分析看板 → 我的报表), in the order pinned.
-- A pin is the user's, not the report's: a report shared with reps can be on one rep's
-- dashboard and not another's. Deleting the report takes its pins with it.
CREATE TABLE saved_report_pins (
  user_id     bigint NOT NULL REFERENCES users(id),
  report_id   bigint NOT NULL REFERENCES saved_reports(id) ON DELETE CASCADE,
  pinned_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, report_id)
);
CREATE INDEX saved_report_pins_report_idx ON saved_report_pins (report_id);

-- Every change to published data does two things in its transaction:
--   it marks the scope that renders it for the OParl API as dirty (a council, a person, the city, an
--   import); the projector renders dirty scopes again before the API answers;
--   it announces what it touched on the channel `beirat_changes`, delivered at commit to every Beirat
--   instance on the database, which drops the cached pages the change makes stale:
--     'council:<id>'  a council's pages (and the city-wide pages that list every council)
--     'all'           everything: the city, its districts, places and councils appear on every page
--     'oparl'         the OParl API only (imported data)
-- Triggers rather than application code, so no write path (back office, demo seed, command line,
-- import) is missed.
CREATE FUNCTION oparl_mark(scope text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO oparl_dirty (scope) VALUES (scope) ON CONFLICT (scope) DO NOTHING;
$$;
--> statement-breakpoint
CREATE FUNCTION beirat_changed(tag text) RETURNS void LANGUAGE sql AS $$
  SELECT pg_notify('beirat_changes', tag);
$$;
--> statement-breakpoint
CREATE FUNCTION record_change_body() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('body:' || OLD.id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM oparl_mark('body:' || NEW.id); END IF;
  PERFORM beirat_changed('all');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION record_change_body_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('body:' || OLD.body_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM oparl_mark('body:' || NEW.body_id); END IF;
  PERFORM beirat_changed('all');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION record_change_location() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_id integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('body:' || OLD.body_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM oparl_mark('body:' || NEW.body_id); END IF;
  INSERT INTO oparl_dirty (scope) SELECT DISTINCT 'council:' || council_id FROM meetings WHERE location_id = row_id ON CONFLICT (scope) DO NOTHING;
  PERFORM beirat_changed('all');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A council's name and texts appear on other councils' pages too (co-funding, the city's overview).
CREATE FUNCTION record_change_council() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('council:' || OLD.id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM oparl_mark('council:' || NEW.id); END IF;
  PERFORM beirat_changed('all');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION record_change_council_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM oparl_mark('council:' || OLD.council_id);
    PERFORM beirat_changed('council:' || OLD.council_id);
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.council_id IS DISTINCT FROM OLD.council_id) THEN
    PERFORM oparl_mark('council:' || NEW.council_id);
    PERFORM beirat_changed('council:' || NEW.council_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION record_change_agenda_item() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  council integer;
BEGIN
  SELECT council_id INTO council FROM meetings WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.meeting_id ELSE NEW.meeting_id END;
  IF council IS NOT NULL THEN
    PERFORM oparl_mark('council:' || council);
    PERFORM beirat_changed('council:' || council);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION record_change_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM oparl_mark('council:' || OLD.council_id);
    PERFORM oparl_mark('person:' || OLD.person_id);
    PERFORM beirat_changed('council:' || OLD.council_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM oparl_mark('council:' || NEW.council_id);
    PERFORM oparl_mark('person:' || NEW.person_id);
    PERFORM beirat_changed('council:' || NEW.council_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A person's name is on the pages of every council the person sits or sat in.
CREATE FUNCTION record_change_person() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  person integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
  PERFORM oparl_mark('person:' || person);
  PERFORM beirat_changed('council:' || council_id) FROM (SELECT council_id FROM memberships WHERE person_id = person UNION SELECT council_id FROM chair_terms WHERE person_id = person) councils;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION record_change_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM oparl_mark('import:' || CASE WHEN TG_OP = 'DELETE' THEN OLD.source_id ELSE NEW.source_id END);
  PERFORM beirat_changed('oparl');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Money shown on the projects pages: a co-funded grant also appears under the council whose budget pays.
CREATE FUNCTION record_change_grant_money() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  grant_row integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.grant_id ELSE NEW.grant_id END;
  budget_row integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.budget_id ELSE NEW.budget_id END;
BEGIN
  PERFORM beirat_changed('council:' || council_id) FROM (SELECT council_id FROM grants WHERE id = grant_row UNION SELECT council_id FROM budgets WHERE id = budget_row) councils;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION record_change_council_page() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM beirat_changed('council:' || OLD.council_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM beirat_changed('council:' || NEW.council_id); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON bodies FOR EACH ROW EXECUTE FUNCTION record_change_body();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON districts FOR EACH ROW EXECUTE FUNCTION record_change_body_of_row();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON legislative_terms FOR EACH ROW EXECUTE FUNCTION record_change_body_of_row();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON locations FOR EACH ROW EXECUTE FUNCTION record_change_location();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON councils FOR EACH ROW EXECUTE FUNCTION record_change_council();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION record_change_council_of_row();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON agenda_items FOR EACH ROW EXECUTE FUNCTION record_change_agenda_item();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON documents FOR EACH ROW EXECUTE FUNCTION record_change_council_of_row();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON grants FOR EACH ROW EXECUTE FUNCTION record_change_council_of_row();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON decision_papers FOR EACH ROW EXECUTE FUNCTION record_change_council_of_row();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION record_change_membership();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON chair_terms FOR EACH ROW EXECUTE FUNCTION record_change_membership();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH ROW EXECUTE FUNCTION record_change_person();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON oparl_imported_objects FOR EACH ROW EXECUTE FUNCTION record_change_import();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON seat_categories FOR EACH ROW EXECUTE FUNCTION record_change_council_page();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON budgets FOR EACH ROW EXECUTE FUNCTION record_change_council_page();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON grant_allocations FOR EACH ROW EXECUTE FUNCTION record_change_grant_money();
--> statement-breakpoint
CREATE TRIGGER record_change AFTER INSERT OR UPDATE OR DELETE ON grant_payments FOR EACH ROW EXECUTE FUNCTION record_change_grant_money();
--> statement-breakpoint
-- An installation that already has data publishes all of it once.
INSERT INTO oparl_dirty (scope)
  SELECT 'body:' || id FROM bodies
  UNION SELECT 'council:' || id FROM councils
  UNION SELECT 'person:' || id FROM people
ON CONFLICT (scope) DO NOTHING;

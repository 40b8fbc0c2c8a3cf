-- Every change to data the OParl API publishes marks the scope that renders it as dirty, in the same
-- transaction as the change; the projector renders dirty scopes again before the API answers. Triggers
-- rather than application code, so no write path (back office, demo seed, command line, import) is missed.
CREATE FUNCTION oparl_mark(scope text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO oparl_dirty (scope) VALUES (scope) ON CONFLICT (scope) DO NOTHING;
$$;
--> statement-breakpoint
CREATE FUNCTION oparl_mark_body() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('body:' || OLD.id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM oparl_mark('body:' || NEW.id); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION oparl_mark_body_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('body:' || OLD.body_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM oparl_mark('body:' || NEW.body_id); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A place is published by the city and embedded in every meeting held there.
CREATE FUNCTION oparl_mark_location() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_id integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('body:' || OLD.body_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM oparl_mark('body:' || NEW.body_id); END IF;
  INSERT INTO oparl_dirty (scope) SELECT DISTINCT 'council:' || council_id FROM meetings WHERE location_id = row_id ON CONFLICT (scope) DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION oparl_mark_council() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('council:' || OLD.id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM oparl_mark('council:' || NEW.id); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION oparl_mark_council_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM oparl_mark('council:' || OLD.council_id); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.council_id IS DISTINCT FROM OLD.council_id) THEN PERFORM oparl_mark('council:' || NEW.council_id); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- An agenda item belongs to its meeting's council. When a whole meeting is deleted its items go with
-- it and the meeting is gone already; the meeting's own trigger has marked the council.
CREATE FUNCTION oparl_mark_council_of_agenda_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO oparl_dirty (scope)
    SELECT 'council:' || council_id FROM meetings
    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.meeting_id ELSE NEW.meeting_id END
  ON CONFLICT (scope) DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A seat or a chair term changes the council (its list of memberships) and the person (embedded memberships).
CREATE FUNCTION oparl_mark_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM oparl_mark('council:' || OLD.council_id);
    PERFORM oparl_mark('person:' || OLD.person_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM oparl_mark('council:' || NEW.council_id);
    PERFORM oparl_mark('person:' || NEW.person_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION oparl_mark_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM oparl_mark('person:' || CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION oparl_mark_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM oparl_mark('import:' || CASE WHEN TG_OP = 'DELETE' THEN OLD.source_id ELSE NEW.source_id END);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER oparl_bodies AFTER INSERT OR UPDATE OR DELETE ON bodies FOR EACH ROW EXECUTE FUNCTION oparl_mark_body();
--> statement-breakpoint
CREATE TRIGGER oparl_districts AFTER INSERT OR UPDATE OR DELETE ON districts FOR EACH ROW EXECUTE FUNCTION oparl_mark_body_of_row();
--> statement-breakpoint
CREATE TRIGGER oparl_legislative_terms AFTER INSERT OR UPDATE OR DELETE ON legislative_terms FOR EACH ROW EXECUTE FUNCTION oparl_mark_body_of_row();
--> statement-breakpoint
CREATE TRIGGER oparl_locations AFTER INSERT OR UPDATE OR DELETE ON locations FOR EACH ROW EXECUTE FUNCTION oparl_mark_location();
--> statement-breakpoint
CREATE TRIGGER oparl_councils AFTER INSERT OR UPDATE OR DELETE ON councils FOR EACH ROW EXECUTE FUNCTION oparl_mark_council();
--> statement-breakpoint
CREATE TRIGGER oparl_meetings AFTER INSERT OR UPDATE OR DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION oparl_mark_council_of_row();
--> statement-breakpoint
CREATE TRIGGER oparl_agenda_items AFTER INSERT OR UPDATE OR DELETE ON agenda_items FOR EACH ROW EXECUTE FUNCTION oparl_mark_council_of_agenda_item();
--> statement-breakpoint
CREATE TRIGGER oparl_documents AFTER INSERT OR UPDATE OR DELETE ON documents FOR EACH ROW EXECUTE FUNCTION oparl_mark_council_of_row();
--> statement-breakpoint
CREATE TRIGGER oparl_grants AFTER INSERT OR UPDATE OR DELETE ON grants FOR EACH ROW EXECUTE FUNCTION oparl_mark_council_of_row();
--> statement-breakpoint
CREATE TRIGGER oparl_decision_papers AFTER INSERT OR UPDATE OR DELETE ON decision_papers FOR EACH ROW EXECUTE FUNCTION oparl_mark_council_of_row();
--> statement-breakpoint
CREATE TRIGGER oparl_memberships AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION oparl_mark_membership();
--> statement-breakpoint
CREATE TRIGGER oparl_chair_terms AFTER INSERT OR UPDATE OR DELETE ON chair_terms FOR EACH ROW EXECUTE FUNCTION oparl_mark_membership();
--> statement-breakpoint
CREATE TRIGGER oparl_people AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH ROW EXECUTE FUNCTION oparl_mark_person();
--> statement-breakpoint
CREATE TRIGGER oparl_imported_objects AFTER INSERT OR UPDATE OR DELETE ON oparl_imported_objects FOR EACH ROW EXECUTE FUNCTION oparl_mark_import();
--> statement-breakpoint
-- An installation that already has data publishes all of it once.
INSERT INTO oparl_dirty (scope)
  SELECT 'body:' || id FROM bodies
  UNION SELECT 'council:' || id FROM councils
  UNION SELECT 'person:' || id FROM people
ON CONFLICT (scope) DO NOTHING;

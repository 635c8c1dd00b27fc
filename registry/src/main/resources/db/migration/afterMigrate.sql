-- After every migrate (a Flyway callback), as the role that ran it: who owns what (issue 20, README "The database
-- roles"). The hub's role (${hubrole}) owns its tables, as when it ran the migrations itself, and may only read and
-- append the evidence: the evidence tables belong to passerelle_evidence, a role nobody logs in as, so the hub can
-- neither change their rows nor drop, alter or disable the triggers that refuse it. Nothing to do when the migrations
-- ran as the hub's role itself: the evidence is then as safe as that role's password (its operators are told so).
DO $$
DECLARE
    hub CONSTANT text := '${hubrole}';
    item record;
    target text;
BEGIN
    IF hub = current_user THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'passerelle_evidence') THEN
        CREATE ROLE passerelle_evidence NOLOGIN;
    END IF;
    -- a table's new owner must be allowed to create in its schema
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA public TO passerelle_evidence, %I', hub);
    -- a sequence of a serial or identity column goes with its table
    FOR item IN
        SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner) AS owner
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname <> 'flyway_schema_history'
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
    LOOP
        target := CASE WHEN item.relname LIKE 'evidence\_%' THEN 'passerelle_evidence' ELSE hub END;
        IF item.owner <> target THEN
            EXECUTE format('ALTER %s %I OWNER TO %I',
                           CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                             ELSE 'TABLE' END, item.relname, target);
        END IF;
        IF target = 'passerelle_evidence' THEN
            EXECUTE format('REVOKE ALL ON %I FROM %I', item.relname, hub);
            EXECUTE format('GRANT SELECT, INSERT ON %I TO %I', item.relname, hub);
        END IF;
    END LOOP;
    FOR item IN
        SELECT s.relname FROM pg_class s JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
        JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE s.relkind = 'S' AND d.deptype IN ('a', 'i') AND n.nspname = 'public' AND t.relname LIKE 'evidence\_%'
    LOOP
        EXECUTE format('GRANT USAGE ON SEQUENCE %I TO %I', item.relname, hub);
    END LOOP;
    -- a hub started with its own role only still checks that the schema is up to date
    EXECUTE format('GRANT SELECT ON flyway_schema_history TO %I', hub);
END $$;

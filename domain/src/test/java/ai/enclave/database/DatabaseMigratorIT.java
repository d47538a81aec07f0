/*
 * The Flyway scripts against a real, empty PostgreSQL 18: they apply, a second run changes nothing,
 * and the JPA entities match the schema they create.
 */
package ai.enclave.database;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.testsupport.RealPostgres;
import ai.enclave.testsupport.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseMigratorIT {

    @Test
    void migrations_apply_to_an_empty_database_and_a_second_run_changes_nothing() throws SQLException {
        TestDatabase database = RealPostgres.freshDatabase();

        MigrationOutcome first = database.migrate();
        List<String> schemaAfterFirst = schema(database);
        List<String> historyAfterFirst = history(database);
        MigrationOutcome second = database.migrate();

        assertThat(first.versionBefore()).isNull();
        assertThat(first.migrationsApplied())
                .isEqualTo(historyAfterFirst.size())
                .isGreaterThanOrEqualTo(2);
        assertThat(second.migrationsApplied()).isZero();
        assertThat(second.versionBefore()).isEqualTo(first.versionAfter());
        assertThat(second.versionAfter()).isEqualTo(first.versionAfter());
        assertThat(schema(database)).isEqualTo(schemaAfterFirst);
        assertThat(history(database)).isEqualTo(historyAfterFirst);
        assertThat(schemaAfterFirst)
                .contains(
                        "users.subject character varying not null",
                        "user_roles.role character varying not null",
                        "teams.name character varying not null",
                        "team_members.joined_at timestamp with time zone not null",
                        "audit_events.outcome character varying not null");
    }

    @Test
    void the_entities_match_the_migrated_schema() {
        TestDatabase database = RealPostgres.freshDatabase();
        database.migrate();

        // hibernate.hbm2ddl.auto=validate makes the bootstrap fail on any missing table or column.
        try (EntityManagerFactory factory = database.entityManagerFactory()) {
            assertThat(factory.getMetamodel().getEntities()).hasSize(13);
        }
    }

    /** Every column of the public schema, as "table.column type nullability", in a stable order. */
    private static List<String> schema(TestDatabase database) throws SQLException {
        return rows(database, """
                select table_name || '.' || column_name || ' ' || data_type
                       || case when is_nullable = 'NO' then ' not null' else '' end
                from information_schema.columns
                where table_schema = 'public'
                order by table_name, ordinal_position
                """);
    }

    private static List<String> history(TestDatabase database) throws SQLException {
        return rows(
                database,
                "select installed_rank || ' ' || version || ' ' || checksum from flyway_schema_history order by 1");
    }

    private static List<String> rows(TestDatabase database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect();
                ResultSet result = connection.createStatement().executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}

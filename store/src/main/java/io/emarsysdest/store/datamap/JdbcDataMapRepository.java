package io.emarsysdest.store.datamap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.AudienceListMapping;
import io.emarsysdest.core.datamap.DataMapRepository;
import io.emarsysdest.core.datamap.DataMapVersion;
import io.emarsysdest.core.datamap.ListTarget;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DataMapRepository} over the state database (migration V400__datamaps.sql), working in the caller's open
 * transaction on {@code connection}: it never commits, rolls back or closes it. Portable SQL for SQLite and PostgreSQL.
 */
public final class JdbcDataMapRepository implements DataMapRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION_COLUMNS = "v.map_id, v.version, v.status, v.definition, v.created_at, v.updated_at, "
            + "v.published_at, CASE WHEN d.current_version = v.version THEN 1 ELSE 0 END AS is_current";

    private final Connection connection;

    public JdbcDataMapRepository(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public List<String> mapIds() {
        return query("SELECT id FROM datamap ORDER BY id", ps -> { }, rs -> rs.getString(1));
    }

    @Override
    public List<DataMapVersion> versions(String mapId) {
        return query("SELECT " + VERSION_COLUMNS + " FROM datamap_version v JOIN datamap d ON d.id = v.map_id "
                + "WHERE v.map_id = ? ORDER BY v.version", ps -> ps.setString(1, mapId), JdbcDataMapRepository::version);
    }

    @Override
    public Optional<DataMapVersion> version(String mapId, int version) {
        return query("SELECT " + VERSION_COLUMNS + " FROM datamap_version v JOIN datamap d ON d.id = v.map_id "
                + "WHERE v.map_id = ? AND v.version = ?", ps -> {
            ps.setString(1, mapId);
            ps.setInt(2, version);
        }, JdbcDataMapRepository::version).stream().findFirst();
    }

    @Override
    public List<DataMapVersion> current() {
        return query("SELECT " + VERSION_COLUMNS + " FROM datamap_version v JOIN datamap d ON d.id = v.map_id "
                + "AND d.current_version = v.version ORDER BY v.map_id", ps -> { }, JdbcDataMapRepository::version);
    }

    @Override
    public void insert(String mapId, int version, ObjectNode definition, Instant at) {
        update("INSERT INTO datamap (id, current_version, created_at, updated_at) VALUES (?, NULL, ?, ?) "
                + "ON CONFLICT (id) DO NOTHING", ps -> {
            ps.setString(1, mapId);
            ps.setString(2, at.toString());
            ps.setString(3, at.toString());
        });
        update("INSERT INTO datamap_version (map_id, version, status, definition, created_at, updated_at, published_at) "
                + "VALUES (?, ?, 'draft', ?, ?, ?, NULL)", ps -> {
            ps.setString(1, mapId);
            ps.setInt(2, version);
            ps.setString(3, definition.toString());
            ps.setString(4, at.toString());
            ps.setString(5, at.toString());
        });
        touch(mapId, at);
    }

    @Override
    public boolean updateDraft(String mapId, int version, ObjectNode definition, Instant at) {
        int n = update("UPDATE datamap_version SET definition = ?, updated_at = ? WHERE map_id = ? AND version = ? AND status = 'draft'", ps -> {
            ps.setString(1, definition.toString());
            ps.setString(2, at.toString());
            ps.setString(3, mapId);
            ps.setInt(4, version);
        });
        if (n > 0) touch(mapId, at);
        return n > 0;
    }

    @Override
    public void publish(String mapId, int version, Instant at) {
        int n = update("UPDATE datamap_version SET status = 'published', published_at = COALESCE(published_at, ?) "
                + "WHERE map_id = ? AND version = ?", ps -> {
            ps.setString(1, at.toString());
            ps.setString(2, mapId);
            ps.setInt(3, version);
        });
        if (n == 0) throw new IllegalArgumentException("no version " + version + " of map " + mapId);
        update("UPDATE datamap SET current_version = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setInt(1, version);
            ps.setString(2, at.toString());
            ps.setString(3, mapId);
        });
    }

    @Override
    public void unpublish(String mapId, Instant at) {
        update("UPDATE datamap SET current_version = NULL, updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, at.toString());
            ps.setString(2, mapId);
        });
    }

    @Override
    public List<AudienceListMapping> audienceMappings() {
        return query("SELECT audience_key, list_id, list_name, enabled FROM audience_list_mapping ORDER BY audience_key",
                ps -> { }, JdbcDataMapRepository::audience);
    }

    @Override
    public Optional<AudienceListMapping> audienceMapping(String audienceKey) {
        return query("SELECT audience_key, list_id, list_name, enabled FROM audience_list_mapping WHERE audience_key = ?",
                ps -> ps.setString(1, audienceKey), JdbcDataMapRepository::audience).stream().findFirst();
    }

    @Override
    public void putAudienceMapping(AudienceListMapping m, Instant at) {
        String id = m.list() instanceof ListTarget.ById b ? b.listId() : null;
        String name = m.list() instanceof ListTarget.ByName n ? n.name() : null;
        update("INSERT INTO audience_list_mapping (audience_key, list_id, list_name, enabled, updated_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (audience_key) DO UPDATE SET list_id = excluded.list_id, list_name = excluded.list_name, "
                + "enabled = excluded.enabled, updated_at = excluded.updated_at", ps -> {
            ps.setString(1, m.audienceKey());
            ps.setString(2, id);
            ps.setString(3, name);
            ps.setInt(4, m.enabled() ? 1 : 0);
            ps.setString(5, at.toString());
        });
    }

    @Override
    public boolean deleteAudienceMapping(String audienceKey) {
        return update("DELETE FROM audience_list_mapping WHERE audience_key = ?", ps -> ps.setString(1, audienceKey)) > 0;
    }

    private void touch(String mapId, Instant at) {
        update("UPDATE datamap SET updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, at.toString());
            ps.setString(2, mapId);
        });
    }

    private static DataMapVersion version(ResultSet rs) throws SQLException {
        ObjectNode definition;
        try {
            definition = (ObjectNode) JSON.readTree(rs.getString("definition"));
        } catch (IOException e) {
            throw new SQLException("stored definition of " + rs.getString("map_id") + " is not JSON", e);
        }
        String published = rs.getString("published_at");
        return new DataMapVersion(rs.getString("map_id"), rs.getInt("version"),
                DataMapVersion.Status.fromWire(rs.getString("status")), definition,
                Instant.parse(rs.getString("created_at")), Instant.parse(rs.getString("updated_at")),
                published == null ? null : Instant.parse(published), rs.getInt("is_current") == 1);
    }

    private static AudienceListMapping audience(ResultSet rs) throws SQLException {
        String id = rs.getString("list_id");
        String name = rs.getString("list_name");
        ListTarget list = id != null ? new ListTarget.ById(id) : name != null ? new ListTarget.ByName(name) : null;
        return new AudienceListMapping(rs.getString("audience_key"), list, rs.getInt("enabled") == 1);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(reader.read(rs));
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("data map query failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Binder binder) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("data map update failed: " + e.getMessage(), e);
        }
    }
}

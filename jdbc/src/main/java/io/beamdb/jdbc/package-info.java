/**
 * The BeamDB JDBC driver: {@link io.beamdb.jdbc.BeamDriver} for {@code jdbc:beam:} URLs,
 * {@link io.beamdb.jdbc.BeamDataSource}, and the Connection, Statement, PreparedStatement,
 * ResultSet and metadata implementations over the engine API in {@code io.beamdb.engine}.
 *
 * <p>SQLStates raised by this layer (engine errors pass through unchanged):
 * {@code 08001} bad URL/setting/path or remote mode; {@code 08003} closed connection;
 * {@code 24000} closed Statement/ResultSet or no current row; {@code 07001} unset parameter;
 * {@code 07009} index out of range; {@code 07005} executeQuery on a command without rows;
 * {@code 07000} executeUpdate on a query and methods JDBC forbids on PreparedStatement;
 * {@code 42703} unknown result column label; {@code 22018}/{@code 22003} conversions;
 * {@code 0A000} unsupported features; {@code HY000} invalid arguments.
 */
package io.beamdb.jdbc;

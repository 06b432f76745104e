"""Temporary tables that a bulk job fills from Python and then works on with set-based SQL.

Python validates rows one at a time and keeps none of them; the database holds the rows, so a job
over millions of rows runs in constant memory. PostgreSQL fills a table through one COPY, streamed
while Python reads on; other databases (the SQLite demo) take one multi-row INSERT per batch.
"""

from contextlib import contextmanager

from django.db import connection


def quote(name):
    return connection.ops.quote_name(name)


@contextmanager
def temporary_table(name, columns):
    """The temporary table `name` with `columns` ({column: SQL type}) for the duration of the block.

    It is dropped at the end so the same job can run again in the same transaction; when the block
    fails, the rollback of the transaction removes it.
    """
    definition = ", ".join(f"{quote(column)} {sql_type}" for column, sql_type in columns.items())
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {quote(name)} ({definition})")
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {quote(name)}")


@contextmanager
def table_writer(name, columns):
    """A function appending rows (tuples of `columns` values) to the table `name`.

    No other statement may run on the connection until the block ends: on PostgreSQL the rows
    of every call travel in one COPY, which the server ingests while Python prepares the next.
    """
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(name)} ({names}) FROM STDIN") as copy:

                def write(rows):
                    for row in rows:
                        copy.write_row(row)

                yield write
        else:
            sql = f"INSERT INTO {quote(name)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
            yield lambda rows: cursor.executemany(sql, rows)


def analyze(name):
    """Give the planner the statistics of a filled temporary table (autovacuum never looks at one).

    Without them PostgreSQL guesses the rows of a join with the table, and plans a million rows as
    if they were a few thousand.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {quote(name)}")


def read_in_batches(sql, batch_size):
    """The rows of `sql` in lists of up to `batch_size`, read from the database as they are consumed.

    On PostgreSQL a server-side cursor holds the result, so memory does not grow with it and other
    statements (a COPY into another table) may run between two batches.
    """
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        cursor = connection.connection.cursor(name="read_in_batches")
    else:
        cursor = connection.cursor()
    with cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(batch_size):
            yield rows


@contextmanager
def work_memory(amount):
    """Let PostgreSQL sort and hash up to `amount` in memory in the block, rather than on disk.

    Its default (4 MB) sends the joins of a file of a few hundred thousand rows to disk. The
    setting is the transaction's: a failure rolls it back with the rest.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem'), set_config('work_mem', %s, true)", [amount])
        previous, _ = cursor.fetchone()
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [previous])


def parameter(model_field):
    """The placeholder of a value for `model_field` in a SELECT list.

    PostgreSQL types a bare parameter there as text, which does not convert to every column type
    (inet, timestamp); SQLite takes the value as it is.
    """
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {model_field.db_type(connection)})"
    return "%s"


def insert_select(model, template, *, expressions, source, params=()):
    """INSERT one `model` row per row of `source` (the FROM clause onwards of a SELECT).

    A column takes its SQL expression from `expressions` (by attname) or else the value saving
    `template` would write (its field values, defaults and auto_now dates). The primary key is
    left to the database unless given.
    """
    columns, selected, values = [], [], []
    for model_field in model._meta.concrete_fields:
        if model_field.attname in expressions:
            selected.append(expressions[model_field.attname])
        elif model_field.primary_key:
            continue
        else:
            selected.append(parameter(model_field))
            values.append(model_field.get_db_prep_save(model_field.pre_save(template, True), connection))
        columns.append(quote(model_field.column))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selected)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])

"""Writing many rows in a fixed number of statements."""

from django.db import connection


def update_in_bulk(model, instances, fields):
    """`bulk_update`, as one UPDATE ... FROM (VALUES ...) statement on PostgreSQL.

    Django's bulk_update builds a CASE WHEN expression per row and field, which made it most of
    the time of an import that changes every row; SQLite keeps the portable path.
    """
    if not instances:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(instances, fields)
        return
    columns = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    names = [connection.ops.quote_name(column.column) for column in columns]
    assignments = ", ".join(
        f"{name} = v.{name}::{column.db_type(connection)}"
        for name, column in zip(names[1:], columns[1:], strict=True)
    )
    rows = ", ".join([f"({', '.join(['%s'] * len(columns))})"] * len(instances))
    sql = (
        f"UPDATE {connection.ops.quote_name(model._meta.db_table)} AS t SET {assignments} "
        f"FROM (VALUES {rows}) AS v({', '.join(names)}) WHERE t.{names[0]} = v.{names[0]}"
    )
    params = [
        column.get_db_prep_save(getattr(instance, column.attname), connection)
        for instance in instances
        for column in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)

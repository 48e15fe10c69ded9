"""An index on ``Document.number`` alone: the search box's bare number ("15") is ``number = 15`` over every
register and year, which the unique (register, year, number) index cannot serve without reading it whole."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0009_merge_incoming_register"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["number"], name="document_number_search"),
        ),
    ]

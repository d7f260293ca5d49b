"""Sent when a data set has been loaded, inside the loading transaction.

Apps that keep derived data (the reports app's monthly snapshots) listen to it, so that the
seeding needs no knowledge of them: dependencies flow from reports to members, not back.
"""

from django.dispatch import Signal

# kwargs: data (the generate.DataSet that was loaded)
data_set_loaded = Signal()

"""Forms of the enterprises app, one module per area, like the views."""

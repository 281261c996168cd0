"""The web page's use cases (bot/web calls these exactly as the chat calls the conversation):
each opens its own transaction, checks the viewer's role and agency, and returns plain data."""

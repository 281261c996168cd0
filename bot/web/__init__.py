"""The web page: FastAPI + Jinja2 rendered on the server, served by `nhacviec run` in the bot's
own event loop. Handlers parse, call one `bot.service.portal` function, render; they never
touch the store."""

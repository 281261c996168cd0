"""`create_app(core)`: the web page's FastAPI application (and how `nhacviec run` serves it)."""
from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

from bot.service.onboarding import OnboardingError
from bot.service.portal.actions import Invalid, TooLarge
from bot.service.portal.auth import Forbidden, NotFound
from bot.service.portal.figures import Figures
from bot.web import (api, auth, pages_agencies, pages_overview, pages_people, pages_plans, pages_reports, pages_review,
                     pages_tasks)
from bot.web.auth import BadCsrf, NeedLogin, RateLimiter
from bot.web.render import HERE, page

log = logging.getLogger("nhacviec.web")


def create_app(core, *, login_limiter: RateLimiter | None = None, upload_dir: Path | None = None) -> FastAPI:
    app = FastAPI(title="Nhắc việc", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.core = core
    app.state.figures = Figures(core.engine)  # summaries kept while the data and the day stay
    app.state.login_limiter = login_limiter or RateLimiter()
    app.state.upload_dir = upload_dir or Path(tempfile.mkdtemp(prefix="nhacviec-upload-"))
    app.state.uploads = {}
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (auth, pages_overview, pages_agencies, pages_tasks, pages_review, pages_people, pages_plans,
                   pages_reports, api):
        app.include_router(module.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return PlainTextResponse("ok")

    @app.get("/dang-nhap", include_in_schema=False)
    def sign_in_help(request: Request):
        return page(request, "login_needed.html", None, status=401)

    @app.exception_handler(NeedLogin)
    def need_login(request: Request, exc: NeedLogin):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "unauthorized"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        return page(request, "login_needed.html", None, status=401)

    @app.exception_handler(BadCsrf)
    def bad_csrf(request: Request, exc: BadCsrf):
        return page(request, "error.html", None, status=403,
                    message="Biểu mẫu đã cũ hoặc không hợp lệ (thiếu mã CSRF). Tải lại trang rồi gửi lại.")

    @app.exception_handler(Forbidden)
    def forbidden(request: Request, exc: Forbidden):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=403)
        return page(request, "error.html", getattr(request.state, "viewer", None), status=403, message=str(exc))

    @app.exception_handler(NotFound)
    def not_found(request: Request, exc: NotFound):
        return page(request, "error.html", getattr(request.state, "viewer", None), status=404, message=str(exc))

    @app.exception_handler(TooLarge)
    def too_large(request: Request, exc: TooLarge):
        return page(request, "error.html", getattr(request.state, "viewer", None), status=413, message=str(exc))

    @app.exception_handler(Invalid)
    @app.exception_handler(OnboardingError)
    def invalid(request: Request, exc: Exception):
        return page(request, "error.html", getattr(request.state, "viewer", None), status=400, message=str(exc))

    return app


class _NoTokens(logging.Filter):
    """Never log a sign-in path (uvicorn's access log is off; this guards anything else)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "/login/" not in record.getMessage()


def _server_class():
    import contextlib

    import uvicorn

    class Server(uvicorn.Server):
        """The runner owns SIGINT/SIGTERM (it stops the bot, the scheduler and the page together)."""

        @contextlib.contextmanager
        def capture_signals(self):
            yield

    return Server


async def serve_web(core, stop: asyncio.Event) -> None:
    """Serve the page on NHACVIEC_WEB_LISTEN in the running loop until `stop` is set."""
    import uvicorn

    host, port = core.settings.web_address
    config = uvicorn.Config(create_app(core), host=host, port=port, access_log=False, log_level="warning",
                            lifespan="off", server_header=False)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).addFilter(_NoTokens())
    server = _server_class()(config)
    task = asyncio.create_task(server.serve())
    try:
        await stop.wait()
    finally:
        server.should_exit = True
        await asyncio.gather(task, return_exceptions=True)

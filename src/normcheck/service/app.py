"""The ASGI application behind ``normcheck serve``.

No logic beyond validating requests and rendering: a scan goes through :mod:`normcheck.api`
exactly as on the command line (``document_from_bytes`` → ``scan_document``, or ``scan_text``),
and its output is rendered by a registered reporter. Every error is JSON
``{"error": {"code", "message"}}`` with the fitting status, never a stack trace.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import json
import logging
import mimetypes
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from normcheck import __version__, api
from normcheck.config import Config
from normcheck.errors import ConfigError, NormcheckError, ReaderError, UnsupportedFormatError
from normcheck.model import Report
from normcheck.service import page
from normcheck.service.fetch import UrlRefused, fetch
from normcheck.service.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from normcheck.service.metrics import Metrics
from normcheck.service.pool import Busy, ScanPool, ScanTimeout
from normcheck.service.settings import ServiceSettings, from_config

log = logging.getLogger("normcheck.service")

PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_WARM_UP = {
    "sv": "Vi söker en driven projektledare som trivs i team.\n\nDu har erfarenhet av kundkontakt.",
    "en": "We are looking for a driven project lead who enjoys teamwork.\n\nYou have customer experience.",
}
_FORM_FIELDS = {"file", "text", "language", "profile", "modules", "api_key"}


# ---------------------------------------------------------------------------------------------
# Errors


class ApiError(Exception):
    """An error answer: HTTP status, a stable machine-readable code and a message for people."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


class BodyTooLarge(Exception):
    pass


class BodyReadTimeout(Exception):
    pass


class TextTooLong(NormcheckError):
    code = "NC120"


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. `body_too_large`.")
    message: str = Field(description="What went wrong, for people.")


class ErrorBody(BaseModel):
    error: ErrorDetail


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
    504: "timeout",
}


def library_error(exc: NormcheckError) -> ApiError:
    """The HTTP answer for an error raised by the library."""
    message = str(exc)
    if isinstance(exc, UrlRefused):
        return ApiError(403, "url_refused", message)
    if isinstance(exc, UnsupportedFormatError):
        return ApiError(415, "unsupported_media_type", message)
    if isinstance(exc, TextTooLong):
        return ApiError(413, "text_too_long", message)
    if isinstance(exc, ReaderError):
        return ApiError(422, "unreadable_input", message)
    if isinstance(exc, ConfigError):
        return ApiError(422, "invalid_option", message)
    log.error("scan failed: %s", message)
    return ApiError(500, "scan_failed", message)


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for err in errors[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body",)) or "request"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


# ---------------------------------------------------------------------------------------------
# Request models (documented in the OpenAPI description)


class ScanRequest(BaseModel):
    """A text (or, when the service allows it, a URL) to scan."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The text to scan. Either `text` or `url`.")
    url: str | None = Field(None, max_length=2048, description="An http(s) URL to fetch and scan (only when URL scanning is enabled).")
    language: Literal["auto", "sv", "en"] = Field("auto", description="`auto` detects the language per paragraph.")
    profile: str | None = Field(None, max_length=100, description="Scan profile, e.g. `default` or `gender-decoder`.")
    modules: list[Annotated[str, Field(max_length=100)]] | None = Field(
        None, max_length=50, description="Tool-module summaries to keep in `modules` (default: all)."
    )
    source: str | None = Field(None, max_length=500, description="Name reported as the document's `source` (default `<text>` or the URL).")


_MULTIPART_SCHEMA = {
    "type": "object",
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "docx, pdf, html, odt, txt, … (sniffed by content)"},
        "text": {"type": "string", "description": "Text to scan instead of a file."},
        "language": {"type": "string", "enum": ["auto", "sv", "en"], "default": "auto"},
        "profile": {"type": "string"},
        "modules": {"type": "array", "items": {"type": "string"}},
    },
}


# ---------------------------------------------------------------------------------------------
# State and jobs


@dataclass
class ServiceState:
    config: Config
    settings: ServiceSettings
    metrics: Metrics
    pool: ScanPool
    ready: bool = False
    ready_error: str | None = None
    rules: int = 0
    warm_task: asyncio.Task[None] | None = field(default=None, repr=False)


@dataclass
class ScanJob:
    """One validated scan request: what to read, with which configuration."""

    config: Config
    source: str
    text: str | None = None
    data: bytes | None = None
    url: str | None = None
    modules: list[str] | None = None


def _state(request: Request) -> ServiceState:
    return request.app.state.normcheck  # type: ignore[no-any-return]


def run_scan(job: ScanJob, settings: ServiceSettings) -> Report:
    """Read and scan one input through the library, as the command line does. Runs in a thread."""
    cfg = job.config
    if job.text is not None:
        report = api.scan_text(job.text, source=job.source, config=cfg)
    else:
        data, media_type = job.data or b"", None
        if job.url is not None:
            data, header_type, final_url = fetch(
                job.url,
                max_bytes=settings.url_max_bytes,
                timeout=settings.url_timeout,
                max_redirects=settings.url_max_redirects,
                allow_networks=settings.url_allow_networks,
            )
            media_type = api.sniff(data, final_url) or header_type
        document = api.document_from_bytes(data, job.source, cfg, media_type)
        if len(document.text) > settings.max_text_chars:
            raise TextTooLong(
                f"the extracted text has {len(document.text)} characters; the limit is {settings.max_text_chars}",
                source=job.source,
            )
        report = Report(documents=[api.scan_document(document, cfg)], profile=cfg.profile)
    if job.modules is not None:
        wanted = set(job.modules)
        for doc in report.documents:
            doc.modules = {k: v for k, v in doc.modules.items() if k in wanted}
    return report


def render(report: Report, reporter: Any, job: ScanJob) -> bytes:
    options: dict[str, Any] = {"color": False, "output": None, "service": True}
    if getattr(reporter, "binary", False) and job.data is not None:
        # A reporter that reworks the original file (docx) finds it in the document's meta;
        # without it, it would look for a file named like the upload in the server's folder.
        report = Report(
            documents=[
                dataclasses.replace(d, document=dataclasses.replace(d.document, meta={**d.document.meta, "original_bytes": job.data}))
                for d in report.documents
            ],
            errors=report.errors,
            profile=report.profile,
        )
    out = reporter.render(report, job.config, options)
    return out if isinstance(out, bytes) else str(out).encode("utf-8")


def _media_type(reporter: Any) -> str:
    mt = str(getattr(reporter, "media_type", "application/octet-stream"))
    if not getattr(reporter, "binary", False) and "charset" not in mt and (mt.startswith("text/") or mt.endswith("json") or "ndjson" in mt):
        mt += "; charset=utf-8"
    return mt


def _download_name(source: str, reporter: Any) -> str:
    stem = PurePath(source.replace("\\", "/")).stem or "normcheck"
    ext = getattr(reporter, "extension", None) or mimetypes.guess_extension(str(reporter.media_type).split(";")[0]) or f".{reporter.name}"
    if not ext.startswith("."):
        ext = "." + ext
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)[:80] or "normcheck"
    return f"{safe}.normcheck{ext}"


# ---------------------------------------------------------------------------------------------
# Middleware: request metrics, body size limit, body read timeout


class ServiceMiddleware:
    """Counts and times every request; limits and times out reading the request body."""

    def __init__(self, app: ASGIApp, state: ServiceState, router_app: FastAPI) -> None:
        self.app = app
        self.state = state
        self.router_app = router_app

    def route_of(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is not None and getattr(route, "path", None):
            return str(route.path)
        for r in self.router_app.router.routes:
            match, _ = r.matches(scope)
            if match == Match.FULL:
                return str(getattr(r, "path", "unmatched"))
        return "unmatched"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings, metrics = self.state.settings, self.state.metrics
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = int(message["status"])
                response_started = True
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        metrics.add_in_flight(1)
        try:
            length = None
            for key, value in scope.get("headers", []):
                if key == b"content-length":
                    length = value.decode("latin-1").strip()
            if length is not None and not length.isdigit():
                await self._error(scope, receive, send_wrapper, 400, "bad_request", "the Content-Length header is not a number")
                return
            if length is not None and int(length) > settings.max_body_bytes:
                await self._error(
                    scope, receive, send_wrapper, 413, "body_too_large",
                    f"the request body is larger than {settings.max_body_bytes} bytes",
                )
                return
            received = 0
            body_done = False

            async def limited_receive() -> Message:
                nonlocal received, body_done
                if body_done:
                    return await receive()
                try:
                    message = await asyncio.wait_for(receive(), settings.read_timeout)
                except TimeoutError:
                    raise BodyReadTimeout() from None
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > settings.max_body_bytes:
                        raise BodyTooLarge()
                    if not message.get("more_body", False):
                        body_done = True
                else:
                    body_done = True
                return message

            await self.app(scope, limited_receive, send_wrapper)
        except Exception:
            if not response_started:
                status = 500
            raise
        finally:
            metrics.add_in_flight(-1)
            metrics.observe(self.route_of(scope), scope.get("method", "GET"), status, time.perf_counter() - started)

    async def _error(self, scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str) -> None:
        self.state.metrics.error(self.route_of(scope), code)
        response = JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers={"Connection": "close"})
        await response(scope, receive, send)


# ---------------------------------------------------------------------------------------------
# The application


_bearer = HTTPBearer(auto_error=False, description="An API key, when the service is configured with keys.")


def _key_matches(token: str, keys: tuple[str, ...]) -> bool:
    """Constant-time comparison against every key (hashing first hides the keys' lengths too)."""
    digest = hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()
    ok = False
    for key in keys:
        ok |= hmac.compare_digest(digest, hashlib.sha256(key.encode("utf-8")).digest())
    return ok


def create_app(config: Config | None = None, settings: ServiceSettings | None = None) -> FastAPI:
    """Build the service for ``config`` (scan configuration) and ``settings`` (limits, auth, …).

    Without ``settings`` they are read from the ``[tool.normcheck.service]`` table of ``config``
    and the ``NORMCHECK_API_KEYS`` environment variable.
    """
    config = config if config is not None else api.make_config(None)
    settings = settings if settings is not None else from_config(config)
    settings.validate("service settings")
    metrics = Metrics()
    state = ServiceState(config, settings, metrics, ScanPool(settings.max_concurrency, settings.max_queue, metrics))

    def warm_up() -> int:
        rules = api.load_rules(config)
        for lang, text in _WARM_UP.items():
            api.scan_text(text, lang, config=config)
        return len(rules)

    async def warm() -> None:
        try:
            state.rules = await asyncio.to_thread(warm_up)
            state.ready = True
        except NormcheckError as exc:
            state.ready_error = str(exc)
            log.error("normcheck service is not ready: %s", exc)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        state.warm_task = asyncio.create_task(warm())
        try:
            yield
        finally:
            if state.warm_task and not state.warm_task.done():
                state.warm_task.cancel()
            state.pool.shutdown()

    app = FastAPI(
        title="normcheck",
        version=__version__,
        summary="Find gendered language and norm patterns in Swedish and English job ads and communication material.",
        description=(
            "`POST /v1/scan` returns the same `normcheck/v1` report the command line prints with "
            "`normcheck scan --format json`. Errors are always `{\"error\": {\"code\", \"message\"}}`."
        ),
        docs_url="/docs" if settings.docs else None,
        redoc_url="/redoc" if settings.docs else None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.normcheck = state

    # -- error handlers ------------------------------------------------------------------------

    def error_response(request: Request, error: ApiError) -> Response:
        state.metrics.error(_route(request), error.code)
        if request.url.path == "/review":
            html = page.error_page(error.message, api.profiles(), auth=settings.auth_enabled, max_mb=settings.max_body_bytes / 1048576)
            return HTMLResponse(html, status_code=error.status, headers={**(error.headers or {}), "Content-Security-Policy": PAGE_CSP})
        return JSONResponse({"error": {"code": error.code, "message": error.message}}, status_code=error.status, headers=error.headers)

    def _route(request: Request) -> str:
        route = request.scope.get("route")
        return str(getattr(route, "path", "unmatched")) if route is not None else "unmatched"

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(NormcheckError)
    async def _library_error(request: Request, exc: NormcheckError) -> Response:
        return error_response(request, library_error(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, ApiError(422, "invalid_request", _validation_message(list(exc.errors()))))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else code.replace("_", " ")
        if exc.status_code == 404:
            message = f"no such endpoint: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, ApiError(exc.status_code, code, message, dict(exc.headers or {}) or None))

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> Response:
        return error_response(request, ApiError(413, "body_too_large", f"the request body is larger than {settings.max_body_bytes} bytes", {"Connection": "close"}))

    @app.exception_handler(BodyReadTimeout)
    async def _read_timeout(request: Request, exc: BodyReadTimeout) -> Response:
        return error_response(
            request, ApiError(408, "request_timeout", f"the request body did not arrive within {settings.read_timeout:g} s", {"Connection": "close"})
        )

    @app.exception_handler(ClientDisconnect)
    async def _disconnect(request: Request, exc: ClientDisconnect) -> Response:
        return error_response(request, ApiError(400, "client_disconnected", "the client closed the connection before the body was complete"))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, ApiError(500, "internal_error", "an unexpected error occurred; it has been logged"))

    # -- auth ------------------------------------------------------------------------------------

    async def require_key(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        if not settings.auth_enabled:
            return
        if credentials is None or not credentials.credentials.strip():
            raise ApiError(401, "unauthorized", "an API key is required: send 'Authorization: Bearer <key>'", {"WWW-Authenticate": "Bearer"})
        if not _key_matches(credentials.credentials.strip(), settings.api_keys):
            raise ApiError(401, "unauthorized", "the API key is not valid", {"WWW-Authenticate": 'Bearer error="invalid_token"'})

    # -- request parsing ----------------------------------------------------------------------------

    def make_job_config(language: str | None, profile: str | None) -> Config:
        if language not in (None, "", "auto", "sv", "en"):
            raise ApiError(422, "invalid_request", f"language must be auto, sv or en, not {language!r}")
        lang = None if language in (None, "", "auto") else language
        try:
            return api.make_config(config, lang=lang, profile=profile or None)
        except ConfigError as exc:
            raise ApiError(422, "invalid_option", exc.message) from None

    def check_text(text: str) -> str:
        if len(text) > settings.max_text_chars:
            raise ApiError(413, "text_too_long", f"the text has {len(text)} characters; the limit is {settings.max_text_chars}")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(422, "invalid_text", "the text contains characters that are not valid Unicode (lone surrogates)") from None
        if not text.strip():
            raise ApiError(422, "empty_text", "the text is empty")
        return text

    async def json_job(request: Request) -> ScanJob:
        body = await request.body()
        try:
            raw = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(400, "invalid_utf8", f"the request body is not valid UTF-8 (at byte {exc.start})") from None
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ApiError(400, "invalid_json", f"the request body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
        except RecursionError:
            raise ApiError(400, "invalid_json", "the request body is nested too deeply") from None
        if not isinstance(obj, dict):
            raise ApiError(422, "invalid_request", "the request body must be a JSON object")
        try:
            req = ScanRequest.model_validate(obj)
        except ValidationError as exc:
            raise ApiError(422, "invalid_request", _validation_message(list(exc.errors()))) from None
        if (req.text is None) == (req.url is None):
            raise ApiError(422, "invalid_request", "give either 'text' or 'url'")
        cfg = make_job_config(req.language, req.profile)
        if req.url is not None:
            if not settings.url_scanning:
                raise ApiError(403, "url_scanning_disabled", "this service does not fetch URLs; send the text or upload the file")
            return ScanJob(cfg, req.source or req.url, url=req.url, modules=req.modules)
        return ScanJob(cfg, req.source or "<text>", text=check_text(req.text or ""), modules=req.modules)

    async def form_job(request: Request) -> tuple[ScanJob, str | None]:
        try:
            form = await request.form(max_files=1, max_fields=len(_FORM_FIELDS) + 50, max_part_size=settings.max_body_bytes)
        except (BodyTooLarge, BodyReadTimeout, ClientDisconnect):
            raise
        try:
            unknown = sorted(set(form.keys()) - _FORM_FIELDS)
            if unknown:
                raise ApiError(422, "invalid_request", f"unknown form field(s): {', '.join(unknown)}")

            def single(name: str) -> str | None:
                values = form.getlist(name)
                if len(values) > 1:
                    raise ApiError(422, "invalid_request", f"the form field {name!r} is given more than once")
                if values and not isinstance(values[0], str):
                    raise ApiError(422, "invalid_request", f"the form field {name!r} must be text, not a file")
                return values[0] if values else None  # type: ignore[return-value]

            modules: list[str] | None = None
            raw_modules = form.getlist("modules")
            if raw_modules:
                modules = [m.strip() for v in raw_modules if isinstance(v, str) for m in v.split(",") if m.strip()]
            cfg = make_job_config(single("language"), single("profile"))
            text = single("text")
            api_key = single("api_key")
            files = [f for f in form.getlist("file") if f != ""]  # a browser sends "" when no file is chosen
            upload = files[0] if files else None
            if upload is not None and not isinstance(upload, UploadFile):
                raise ApiError(422, "invalid_request", "the form field 'file' must be a file upload")
            data = await upload.read() if isinstance(upload, UploadFile) else b""
            has_file = bool(isinstance(upload, UploadFile) and (upload.filename or data))
            has_text = bool(text and text.strip())
            if has_file and has_text:
                raise ApiError(422, "invalid_request", "give either text or a file, not both")
            if has_file:
                assert isinstance(upload, UploadFile)
                name = PurePath((upload.filename or "upload").replace("\\", "/")).name[:200] or "upload"
                if not data:
                    raise ApiError(422, "unreadable_input", f"{name}: the file is empty")
                return ScanJob(cfg, name, data=data, modules=modules), api_key
            if text is not None and text != "":
                return ScanJob(cfg, "<text>", text=check_text(text), modules=modules), api_key
            raise ApiError(422, "invalid_request", "give a text or a file to scan")
        finally:
            await form.close()

    async def execute(request: Request, job: ScanJob, work: Callable[[], Any]) -> Any:
        try:
            return await state.pool.run(work, settings.time_limit)
        except Busy:
            state.metrics.reject("busy")
            raise ApiError(503, "busy", "the service is busy; try again shortly", {"Retry-After": "1"}) from None
        except ScanTimeout:
            state.metrics.reject("timeout")
            raise ApiError(504, "timeout", f"the scan did not finish within {settings.time_limit:g} s") from None
        except NormcheckError as exc:
            raise library_error(exc) from None

    # -- API routes --------------------------------------------------------------------------------

    error_responses: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorBody, "description": desc}
        for status, desc in {
            400: "Malformed body (not JSON, not UTF-8, bad multipart)",
            401: "Missing or wrong API key (when keys are configured)",
            403: "URL scanning disabled, or the URL points to a refused address",
            408: "The request body arrived too slowly",
            413: "Body or text larger than the limits",
            415: "Neither JSON nor multipart, or a file format normcheck cannot read",
            422: "Invalid fields, unreadable input",
            503: "Busy: every scan slot and queue place is taken",
            504: "The scan did not finish within the time limit",
        }.items()
    }
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_key)], tags=["v1"])

    @v1.post(
        "/scan",
        summary="Scan a text or a file",
        responses={
            200: {
                "description": "The report rendered in `format`; by default the `normcheck/v1` JSON object.",
                "content": {"application/json": {}, "text/plain": {}, "application/x-ndjson": {}},
            },
            **error_responses,
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": ScanRequest.model_json_schema()},
                    "multipart/form-data": {"schema": _MULTIPART_SCHEMA},
                },
            }
        },
    )
    async def scan(
        request: Request,
        format: Annotated[str, Query(max_length=40, description="A registered output format (see GET /v1/formats).")] = "json",
    ) -> Response:
        """Scan the text in a JSON body or the file in a multipart upload.

        With `format=json` (the default) the answer is the object `normcheck scan --format json`
        prints; `documents[0]` is this input's report.
        """
        reporter = get_reporters_checked(format)
        ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype == "application/json" or ctype.endswith("+json"):
            job = await json_job(request)
        elif ctype == "multipart/form-data":
            job, _ = await form_job(request)
        else:
            raise ApiError(415, "unsupported_media_type", "send application/json or multipart/form-data")

        def work() -> bytes:
            return render(run_scan(job, settings), reporter, job)

        body = await execute(request, job, work)
        headers: dict[str, str] = {}
        if getattr(reporter, "binary", False):
            headers["Content-Disposition"] = f'attachment; filename="{_download_name(job.source, reporter)}"'
        if "html" in str(reporter.media_type):
            headers["Content-Security-Policy"] = PAGE_CSP
        return Response(body, media_type=_media_type(reporter), headers=headers)

    def get_reporters_checked(name: str) -> Any:
        from normcheck.reporters import get_reporters

        reporters = get_reporters()
        reporter = reporters.get(name)
        if reporter is None:
            raise ApiError(422, "unknown_format", f"unknown format {name!r}; choose from {', '.join(sorted(reporters))}")
        return reporter

    @v1.get("/rules", summary="List the rules", responses=error_responses)
    async def rules(
        lang: Annotated[Literal["sv", "en"] | None, Query(description="Only rules for this language.")] = None,
        category: Annotated[str | None, Query(max_length=100, description="Only rules in this category.")] = None,
    ) -> dict[str, Any]:
        """The lexicon rules this service applies, as `normcheck rules --json` lists them."""
        selected = [r.to_dict() for r in api.load_rules(config) if (not lang or r.lang == lang) and (not category or r.category == category)]
        return {"count": len(selected), "rules": selected}

    @v1.get("/plugins", summary="List the plugins", responses=error_responses)
    async def plugins() -> dict[str, Any]:
        """Installed plugins and the hooks they implement, as `normcheck plugins --json` lists them."""
        from normcheck.plugins import get_plugins

        return {"plugins": get_plugins()}

    @v1.get("/formats", summary="List the output formats", responses=error_responses)
    async def formats() -> dict[str, Any]:
        """Values accepted by `POST /v1/scan?format=`."""
        from normcheck.reporters import get_reporters

        return {
            "formats": [
                {"name": name, "media_type": r.media_type, "binary": bool(getattr(r, "binary", False)),
                 "description": getattr(r, "description", "")}
                for name, r in sorted(get_reporters().items())
            ]
        }

    app.include_router(v1)

    # -- operations ------------------------------------------------------------------------------

    @app.get("/healthz", tags=["operations"], summary="Liveness")
    async def healthz() -> dict[str, Any]:
        """Answers as long as the process serves requests."""
        return {"status": "ok", "version": __version__}

    @app.get("/readyz", tags=["operations"], summary="Readiness", responses={503: {"model": ErrorBody}})
    async def readyz() -> Response:
        """200 once the lexicons are loaded and a warm-up scan has run; 503 before that."""
        if state.ready:
            return JSONResponse({"status": "ready", "rules": state.rules, "version": __version__})
        message = f"lexicons failed to load: {state.ready_error}" if state.ready_error else "loading lexicons"
        raise ApiError(503, "not_ready", message, {"Retry-After": "1"})

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", response_class=Response,
             responses={200: {"content": {"text/plain": {}}}})
    async def metrics_endpoint() -> Response:
        """Request counts by route and status, a latency histogram, errors by code, scan gauges."""
        return Response(state.metrics.render(state.ready, state.rules), media_type=METRICS_CONTENT_TYPE)

    # -- the page ----------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        html = page.form_page(api.profiles(), auth=settings.auth_enabled, max_mb=settings.max_body_bytes / 1048576)
        return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_CSP})

    @app.post("/review", include_in_schema=False)
    async def review(request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype not in ("multipart/form-data", "application/x-www-form-urlencoded"):
            raise ApiError(415, "unsupported_media_type", "send the form (multipart/form-data)")
        job, api_key = await form_job(request)
        if settings.auth_enabled:
            header = request.headers.get("authorization", "")
            token = header[7:].strip() if header.lower().startswith("bearer ") else (api_key or "").strip()
            if not token or not _key_matches(token, settings.api_keys):
                raise ApiError(401, "unauthorized", "the API key is missing or not valid")
        from normcheck.reporters import get_reporters

        reporter = get_reporters().get("html")

        def work() -> bytes:
            report = run_scan(job, settings)
            if reporter is not None:
                return render(report, reporter, job)
            return page.review_page(report).encode("utf-8")

        body = await execute(request, job, work)
        return HTMLResponse(body, headers={"Content-Security-Policy": PAGE_CSP})

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    app.add_middleware(ServiceMiddleware, state=state, router_app=app)
    return app


def create_app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` and ``normcheck serve --workers N``.

    Reads the configuration file named by ``NORMCHECK_CONFIG`` (else the nearest one from
    the working directory).
    """
    import os

    path = os.environ.get("NORMCHECK_CONFIG") or None
    from pathlib import Path

    return create_app(api.make_config(path, near=Path.cwd()))

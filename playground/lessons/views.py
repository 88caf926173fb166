"""Server-rendered lesson fragments (htmx) and the POST endpoints that record progress."""

from __future__ import annotations

from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from playground.lessons import docs
from playground.lessons.loader import Lesson, Step, library
from playground.lessons.models import StepProgress
from playground.lessons.progress import StepResult, current_step, evaluate, mark_completed

# The lesson a session has open, kept in the Django session so a reload resumes it.
SESSION_LESSON = "lesson"
MAX_CHECK_OUTPUT = 64 * 1024  # the last outcome's text, as the client saw it


def is_htmx(request: HttpRequest) -> bool:
    """Fragments are for the page's lesson column; a plain visit gets a whole page instead."""
    return request.headers.get("HX-Request") == "true"


def language() -> str:
    return "zh-hans" if (get_language() or "").lower().startswith("zh") else "en"


def session_key(request: HttpRequest) -> str:
    if request.session.session_key is None:
        request.session.save()  # progress needs a key before the session holds anything
    return str(request.session.session_key)


def get_lesson(slug: str) -> Lesson:
    lesson = library().get(slug, language())
    if lesson is None:
        raise Http404(slug)
    return lesson


def get_step(lesson: Lesson, step_id: str) -> Step:
    step = lesson.step(step_id)
    if step is None:
        raise Http404(step_id)
    return step


def source_link(lesson: Lesson, step: Step | None) -> str | None:
    """Where the step's section of the source doc lives: our docs mode, else the docs site."""
    if not lesson.source:
        return None
    page = lesson.source.removesuffix(".mdx").removesuffix(".md").strip("/")
    anchor = f"#{step.anchor}" if step and step.anchor else ""
    root = docs.docs_dir()
    if root is not None and docs.find_file(root, page) is not None:
        return reverse("lessons:doc", args=[page]) + anchor
    base = str(getattr(settings, "PLAYGROUND_DOCS_BASE_URL", "")).rstrip("/")
    return f"{base}/{page}/{anchor}" if base else None


@dataclass(frozen=True, slots=True)
class StepState:
    step: Step
    number: int
    completed: bool
    current: bool
    hints: tuple[str, ...]  # the hints unlocked so far
    more_hints: bool
    solution_shown: bool
    source: str | None


def step_states(request: HttpRequest, lesson: Lesson) -> list[StepState]:
    rows = {
        row.step: row
        for row in StepProgress.objects.filter(session_key=session_key(request), lesson=lesson.slug)
    }
    done = {step for step, row in rows.items() if row.completed}
    now = current_step(lesson, done)
    states = []
    for number, step in enumerate(lesson.steps, start=1):
        row = rows.get(step.id)
        shown = row.hints_shown if row else 0
        states.append(
            StepState(
                step,
                number,
                step.id in done,
                now is not None and now.id == step.id,
                step.hints[:shown],
                shown < len(step.hints),
                bool(row and row.solution_shown),
                source_link(lesson, step),
            )
        )
    return states


def index_context(request: HttpRequest) -> dict[str, object]:
    key = session_key(request)
    lessons = library().for_language(language())
    done: dict[str, int] = {}
    for row in StepProgress.objects.filter(session_key=key, completed_at__isnull=False):
        done[row.lesson] = done.get(row.lesson, 0) + 1
    items = [(lesson, done.get(lesson.slug, 0)) for lesson in lessons]
    return {"items": items, "docs": docs.docs_dir() is not None}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The lesson picker. Showing it leaves the open lesson: free play until one is chosen."""
    request.session.pop(SESSION_LESSON, None)
    return render(request, "lessons/index.html", index_context(request))


def lesson_context(
    request: HttpRequest,
    found: Lesson,
    start: bool = False,
    moment: str = "",
    nearly: str | None = None,
    just: str | None = None,
) -> dict[str, object]:
    states = step_states(request, found)
    return {
        "lesson": found,
        "states": states,
        "completed": sum(state.completed for state in states),
        "total": len(states),
        "source": source_link(found, None),
        "start": start,  # the client runs the current step's setup (the lesson was just opened)
        "moment": moment,  # a step was just completed: said aloud and shown
        "nearly": nearly,  # the current step's "nearly there" message after the last command
        "just": just,  # the step the last command completed
    }


def lesson_response(
    request: HttpRequest,
    found: Lesson,
    start: bool = False,
    moment: str = "",
    nearly: str | None = None,
    just: str | None = None,
) -> HttpResponse:
    request.session[SESSION_LESSON] = found.slug
    context = lesson_context(request, found, start, moment, nearly, just)
    return render(request, "lessons/lesson.html", context)


def pane_html(request: HttpRequest) -> str:
    """The lesson column of the page: the open lesson (resumed at its step) or the picker."""
    slug = request.session.get(SESSION_LESSON)
    found = library().get(slug, language()) if isinstance(slug, str) else None
    if found is None:
        return render_to_string("lessons/index.html", index_context(request), request)
    return render_to_string("lessons/lesson.html", lesson_context(request, found), request)


@require_GET
def lesson(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_lesson(slug)
    if not is_htmx(request):
        # A bookmarked or shared lesson address opens the page with that lesson in its column.
        request.session[SESSION_LESSON] = found.slug
        return HttpResponseRedirect("/")
    return lesson_response(request, found, start=request.GET.get("start") == "1")


def progress_row(request: HttpRequest, lesson: Lesson, step: Step) -> StepProgress:
    row, _ = StepProgress.objects.get_or_create(
        session_key=session_key(request), lesson=lesson.slug, step=step.id
    )
    return row


@require_POST
def hint(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    """Unlock the next hint of a step (hints unlock one by one)."""
    found = get_lesson(slug)
    chosen = get_step(found, step)
    row = progress_row(request, found, chosen)
    if row.hints_shown < len(chosen.hints):
        row.hints_shown += 1
        row.save(update_fields=["hints_shown", "updated_at"])
    return lesson_response(request, found)


@require_POST
def solution(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    found = get_lesson(slug)
    chosen = get_step(found, step)
    row = progress_row(request, found, chosen)
    row.solution_shown = True
    row.save(update_fields=["solution_shown", "updated_at"])
    return lesson_response(request, found)


@require_POST
def complete(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    """Record a step as done (the runtime's check passed, or the learner skips it)."""
    found = get_lesson(slug)
    chosen = get_step(found, step)
    mark_completed(session_key(request), found.slug, chosen.id)
    return lesson_response(request, found)


@require_POST
def reset(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_lesson(slug)
    StepProgress.objects.filter(session_key=session_key(request), lesson=found.slug).delete()
    return lesson_response(request, found, start=True)


def moment_text(found: Lesson, result: StepResult) -> str:
    """The sentence for a step completed by the learner's last command."""
    if not result.completed_now:
        return ""
    number = next((i for i, s in enumerate(found.steps, start=1) if s.id == result.step), 0)
    title = found.steps[number - 1].title if number else ""
    text = _("Step %(number)s done: %(title)s.") % {"number": number, "title": title}
    if result.done:
        text += " " + _("You finished this lesson!")
    return text


async def session_view(request: HttpRequest) -> dict[str, object] | None:
    """engine.view() of this session, read from the runtime's executor (None if unavailable)."""
    try:
        from playground.terminal.executors import get_executor
        from playground.terminal.sessions import request_session_id
    except ImportError:
        return None
    sid = await sync_to_async(request_session_id)(request)
    _record, engine = await get_executor().snapshot(sid)
    return dict(engine.view())


def last_outcome(request: HttpRequest) -> dict[str, object]:
    """The learner's last command as the page saw it; only "last" checks read it."""
    try:
        exit_code: int | None = int(request.POST.get("exit_code", ""))
    except ValueError:
        exit_code = None
    return {
        "input": request.POST.get("input", "")[:MAX_CHECK_OUTPUT],
        "exit_code": exit_code,
        "output": request.POST.get("output", "")[:MAX_CHECK_OUTPUT],
    }


@require_POST
async def check(request: HttpRequest, slug: str) -> HttpResponse:
    """After every command: check the current step against the session's engine state."""
    found = await sync_to_async(get_lesson)(slug)
    view = await session_view(request)
    if view is None:
        return HttpResponse(status=503)
    key = await sync_to_async(session_key)(request)
    result = await sync_to_async(evaluate)(key, found.slug, view, last_outcome(request), language())
    return await sync_to_async(lesson_response)(
        request,
        found,
        moment=moment_text(found, result),
        nearly=result.nearly,
        just=result.step if result.completed_now else None,
    )


@require_GET
def docs_index(request: HttpRequest) -> HttpResponse:
    root = docs.docs_dir()
    if root is None:
        raise Http404("docs mode is off")
    return render(request, "lessons/docs_index.html", {"pages": docs.list_pages(root)})


@require_GET
def doc(request: HttpRequest, page: str) -> HttpResponse:
    root = docs.docs_dir()
    found = docs.render_page(root, page, language()) if root else None
    if found is None:
        raise Http404(page)
    template = "lessons/doc.html" if is_htmx(request) else "lessons/doc_page.html"
    return render(request, template, {"page": found})

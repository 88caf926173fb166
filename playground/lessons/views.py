"""Server-rendered lesson fragments (htmx) and the POST endpoints that record progress."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from playground.lessons import docs
from playground.lessons.loader import Lesson, Step, library
from playground.lessons.models import StepProgress
from playground.lessons.progress import current_step, mark_completed


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


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    key = session_key(request)
    lessons = library().for_language(language())
    done: dict[str, int] = {}
    for row in StepProgress.objects.filter(session_key=key, completed_at__isnull=False):
        done[row.lesson] = done.get(row.lesson, 0) + 1
    items = [(lesson, done.get(lesson.slug, 0)) for lesson in lessons]
    return render(request, "lessons/index.html", {"items": items})


def lesson_response(request: HttpRequest, found: Lesson) -> HttpResponse:
    states = step_states(request, found)
    context = {
        "lesson": found,
        "states": states,
        "completed": sum(state.completed for state in states),
        "total": len(states),
        "source": source_link(found, None),
    }
    return render(request, "lessons/lesson.html", context)


@require_GET
def lesson(request: HttpRequest, slug: str) -> HttpResponse:
    return lesson_response(request, get_lesson(slug))


def step_fragment(request: HttpRequest, lesson: Lesson, step: Step) -> HttpResponse:
    state = next(s for s in step_states(request, lesson) if s.step.id == step.id)
    return render(request, "lessons/step.html", {"lesson": lesson, "state": state})


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
    return step_fragment(request, found, chosen)


@require_POST
def solution(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    found = get_lesson(slug)
    chosen = get_step(found, step)
    row = progress_row(request, found, chosen)
    row.solution_shown = True
    row.save(update_fields=["solution_shown", "updated_at"])
    return step_fragment(request, found, chosen)


@require_POST
def complete(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    """Record a step as done (the runtime's check passed, or the learner skips it)."""
    found = get_lesson(slug)
    chosen = get_step(found, step)
    mark_completed(session_key(request), found.slug, chosen.id)
    return step_fragment(request, found, chosen)


@require_POST
def reset(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_lesson(slug)
    StepProgress.objects.filter(session_key=session_key(request), lesson=found.slug).delete()
    return lesson_response(request, found)


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
    return render(request, "lessons/doc.html", {"page": found})

"""What the wording check (`coach.check`) reads of a playbook, as protocols.

The check reads playbooks by attribute only, so a typed model (`content.models.Playbook`)
and a digest of one (`content.digest`, plain namespaces from the cache) serve alike. These
protocols say which attributes that is; members are read-only, so a model's narrower types
(a `Literal` kind, a `list`) fit. Only for type checking: nothing imports this at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional, Protocol


class CheckedSignal(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def patterns(self) -> Sequence[str]: ...
    @property
    def label(self) -> str: ...
    @property
    def weight(self) -> float: ...


class CheckedPhrase(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def tags(self) -> Sequence[str]: ...


class CheckedAvoid(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def instead(self) -> str: ...
    @property
    def why(self) -> str: ...
    @property
    def kind(self) -> Optional[str]: ...
    @property
    def tags(self) -> Sequence[str]: ...


class CheckedStage(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def phrases(self) -> Sequence[CheckedPhrase]: ...
    @property
    def avoid(self) -> Sequence[CheckedAvoid]: ...


class CheckedPlaybook(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def signals(self) -> Sequence[CheckedSignal]: ...
    @property
    def stages(self) -> Sequence[CheckedStage]: ...

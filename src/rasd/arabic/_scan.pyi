from collections.abc import Callable

def scan(text: str, start: int, end: int, shift: int, plain: bool, make: type[tuple[object, ...]], marks: str,
         fallback: Callable[[int, int], list[tuple[int, int, str, str]]]) -> list[tuple[int, int, str, str]]: ...

"""A small W3C WebDriver client (standard library only) for driving Haven's real window through tauri-driver."""

import base64
import http.client
import json
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(Exception):
    pass


class Session:
    def __init__(self, base_url, application, timeout=60):
        self.base = base_url.rstrip("/")
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": application}}}}
        value = self._call("POST", "/session", caps, timeout=timeout)
        self.id = value["sessionId"]

    def _call(self, method, path, body=None, timeout=30):
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        for attempt in range(4):
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    payload = json.loads(response.read() or b"{}")
                break
            except urllib.error.HTTPError as error:
                payload = json.loads(error.read() or b"{}")
                value = payload.get("value", {})
                raise WebDriverError(f"{method} {path}: {value.get('error')}: {value.get('message')}") from None
            except (http.client.RemoteDisconnected, ConnectionResetError):
                # tauri-driver now and then forwards a request on a keep-alive connection that WebKitWebDriver
                # has just closed; it answers by dropping ours ("client error (SendRequest)"), so the request
                # never reached the browser and is safe to send again.
                if attempt == 3:
                    raise
                time.sleep(0.5)
        return payload.get("value")

    def cmd(self, method, path, body=None):
        return self._call(method, f"/session/{self.id}{path}", body)

    def quit(self):
        try:
            self.cmd("DELETE", "")
        except Exception:  # the app may already be gone
            pass

    # Elements -------------------------------------------------------------------------------------------
    def find(self, css, timeout=10):
        """The first element matching `css`, waiting for it to appear."""
        deadline = time.time() + timeout
        while True:
            found = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
            if found:
                return Element(self, found[0][ELEMENT])
            if time.time() > deadline:
                raise WebDriverError(f"no element matches {css!r} after {timeout}s")
            time.sleep(0.1)

    def find_text(self, css, text, timeout=10):
        """The first element matching `css` whose text is exactly `text` (a button by its label), waiting for it."""
        deadline = time.time() + timeout
        while True:
            for element in self.find_all(css):
                if element.text == text:
                    return element
            if time.time() > deadline:
                raise WebDriverError(f"no {css!r} reads {text!r} after {timeout}s")
            time.sleep(0.1)

    def find_all(self, css):
        return [Element(self, e[ELEMENT]) for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def wait_for(self, script, timeout=10, message="condition"):
        """Waits until a JS expression is truthy and returns its value."""
        deadline = time.time() + timeout
        while True:
            value = self.js(f"return ({script});")
            if value:
                return value
            if time.time() > deadline:
                raise WebDriverError(f"timed out waiting for {message}: {script}")
            time.sleep(0.1)

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        """Runs `script` as a promise's body: it resolves with what the script's last line, `return ...`, gives."""
        return self.cmd("POST", "/execute/async", {
            "script": "const done = arguments[arguments.length - 1];"
                      f"(async () => {{ {script} }})().then(done, (e) => done('threw: ' + e));",
            "args": list(args),
        })

    def after_paint(self):
        """Resolves after two animation frames: WebKitGTK paints late."""
        self.cmd("POST", "/execute/async", {
            "script": "const done = arguments[arguments.length - 1];"
                      "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            "args": [],
        })

    def go(self, hash_route):
        self.js("location.hash = arguments[0];", hash_route)

    def keys(self, *keys):
        """Presses keys through the WebDriver actions API (real key events, not synthetic ones)."""
        actions = []
        for key in keys:
            parts = key if isinstance(key, tuple) else (key,)
            actions += [{"type": "keyDown", "value": k} for k in parts]
            actions += [{"type": "keyUp", "value": k} for k in reversed(parts)]
        self.cmd("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})
        self.cmd("DELETE", "/actions")

    def drag(self, start, end):
        """Presses the mouse at `start` (x, y in the viewport), moves to `end` and lets go: a real selection."""
        pointer = {"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": [
            {"type": "pointerMove", "duration": 0, "origin": "viewport", "x": int(start[0]), "y": int(start[1])},
            {"type": "pointerDown", "button": 0},
            {"type": "pointerMove", "duration": 200, "origin": "viewport", "x": int(end[0]), "y": int(end[1])},
            {"type": "pointerUp", "button": 0},
        ]}
        self.cmd("POST", "/actions", {"actions": [pointer]})
        self.cmd("DELETE", "/actions")

    def screenshot(self, path):
        self.after_paint()
        data = self.cmd("GET", "/screenshot")
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


class Element:
    def __init__(self, session, element_id):
        self.session = session
        self.id = element_id

    def click(self):
        # Haven's main area scrolls smoothly; WebDriver's own scrolling would click before it arrives.
        self.session.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", {ELEMENT: self.id})
        self.session.cmd("POST", f"/element/{self.id}/click")

    def type(self, text):
        self.session.cmd("POST", f"/element/{self.id}/value", {"text": text})

    def clear(self):
        self.session.cmd("POST", f"/element/{self.id}/clear")

    @property
    def text(self):
        return self.session.cmd("GET", f"/element/{self.id}/text")


# Special keys (WebDriver key codes).
F1 = "\uE031"
ENTER = "\uE007"
ESCAPE = "\uE00C"
ARROW_DOWN = "\uE015"
CONTROL = "\uE009"
ALT = "\uE00A"
TAB = "\uE004"
SHIFT = "\uE008"
PAGE_DOWN = "\uE00F"

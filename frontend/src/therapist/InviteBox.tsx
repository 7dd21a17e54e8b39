import { useState } from "preact/hooks";
import { m } from "../messages";
import { Notice } from "../ui";
import { when } from "./format";
import type { Invite } from "./types";

export function InviteBox(props: { invite: Invite }) {
  const [copied, setCopied] = useState(false);
  return (
    <Notice kind="ok" title={m.inviteLink}>
      <code class="link" data-testid="invite-url">{props.invite.url}</code>
      <button class="btn small" onClick={() => navigator.clipboard?.writeText(props.invite.url).then(() => setCopied(true))}>{copied ? m.copied : m.copy}</button>
      <span class="muted"> {when(props.invite.expires_at)}</span>
    </Notice>
  );
}


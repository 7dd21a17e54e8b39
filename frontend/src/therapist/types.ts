// What the therapist's screens read from the API.
export interface Patient {
  id: number; email: string; first_name: string; last_name: string; timezone: string; status: string;
  baseline_headache_days_28: number | null;
  adherence: { last_7_days_pct: number | null; weekly_pct: (number | null)[]; last_log_at: string | null; open_alerts: number; updated_at?: string | null };
  needs_attention: string[];
}
export interface Alert { id: number; patient: number; patient_name: string; kind: string; created_at: string; details: Record<string, unknown> }
export interface Invite { token: string; url: string; expires_at: string }
export interface Template { slug: string; name: string; summary: string; phases: { name: string; items: { exercise: string | { slug: string } }[] }[] }

export interface SessionLog { id: number; performed_at: string; pain_during: number; soreness_after: number; headache_triggered: boolean; entries: { exercise: string }[] }
export interface HeadacheLog { id: number; started_at: string; peak_pain: number; migraine: boolean }
export interface Outcomes { weeks_in_program: number | null; verdict: string; headache_days: { baseline_28: number | null; last_28: number; change_pct: number | null; reason?: string; band?: string | null; baseline_recalled?: boolean };
  evidence_for?: string[]; evidence_against?: string[]; programs?: { assignment: number; name: string; weeks: number; verdict: string }[];
  hit6: { first: number | null; latest: number | null; change: number | null }; ndi: { first: number | null; latest: number | null; change: number | null } }


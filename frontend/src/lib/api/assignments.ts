import { get, patch, post } from "./client";
import type { Schema } from "./types";

/** A patient's program. The schema leaves `phases` open (each carries its index and name) and
 * marks fields with a default optional; the answer always has them. */
export type Assignment = Omit<Schema<"Assignment">, "phases" | "current_phase" | "status"> & {
  phases: { index: number; name: string }[]; current_phase: number; status: NonNullable<Schema<"Assignment">["status"]>;
};
export type AssignmentCreate = Schema<"AssignmentCreateRequest">;
export type AssignmentUpdate = Schema<"PatchedAssignmentUpdateRequest">;
export type PhaseMove = Schema<"PhaseMoveRequest">;
export type ProgramTemplate = Schema<"ProgramTemplate">;

export const listAssignments = (patient: number) => get<Assignment[]>(`patients/${patient}/assignments`);
export const createAssignment = (patient: number, body: AssignmentCreate) => post<Assignment>(`patients/${patient}/assignments`, body);
export const updateAssignment = (id: number, body: AssignmentUpdate) => patch<Assignment>(`assignments/${id}`, body);
/** Confirms a phase change; `from_phase` is the phase the therapist saw (409 if it moved). */
export const movePhase = (id: number, direction: "advance" | "regress", body: PhaseMove) =>
  post<Assignment>(`assignments/${id}/${direction}`, body);
export const listTemplates = () => get<ProgramTemplate[]>("program-templates");

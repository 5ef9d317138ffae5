"use client";

import "@xyflow/react/dist/style.css";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { WorkflowSettingsSheet } from "@/components/workflows/workflow-settings-sheet";
import { setWorkflowStatusAction } from "@/lib/workflows/actions";
import type { BuilderDataDto } from "@/lib/workflows/builder-data";
import type { WorkflowDetailDto } from "@/lib/workflows/data";
import { workflowVariables } from "@/lib/workflows/env";
import { DEFAULT_NODE_SIZE, freeSpot } from "@/lib/workflows/layout";
import { type NodeType, STEPS } from "@/lib/workflows/steps/registry";
import { type Problem, validateWorkflow } from "@/lib/workflows/validate";
import { BuilderContext, type BuilderContextValue, createStores } from "./builder-context";
import { BuilderToolbar } from "./builder-toolbar";
import { Canvas } from "./canvas";
import { ConflictDialog } from "./conflict-dialog";
import { Inspector } from "./inspector";
import { Palette } from "./palette";
import { ProblemsPanel } from "./problems-panel";
import { canvasPath, RunPanel, type RunView } from "./run-panel";
import { useAutosave } from "./use-autosave";
import { useBuilder } from "./use-builder";
import { VersionsSheet } from "./versions-sheet";

const INSPECTOR_OVERLAY_PX = 384;

/** md and up: the inspector sits beside the canvas instead of over it. */
function useWide() {
  const [wide, setWide] = useState(true);
  useEffect(() => {
    const q = window.matchMedia("(min-width: 768px)");
    setWide(q.matches);
    const on = () => setWide(q.matches);
    q.addEventListener("change", on);
    return () => q.removeEventListener("change", on);
  }, []);
  return wide;
}

type Props = {
  projectId: string;
  projectSlug: string;
  workflow: WorkflowDetailDto;
  data: BuilderDataDto;
  canEdit: boolean;
  /** An execution to draw on the canvas (`?execution=`), with its transcript. */
  run?: RunView;
};

export function BuilderView(props: Props) {
  return (
    <ReactFlowProvider>
      <Builder {...props} />
    </ReactFlowProvider>
  );
}

function Builder({ projectId, projectSlug, workflow, data, canEdit, run }: Props) {
  const path = useMemo(() => (run ? canvasPath(run) : undefined), [run]);
  const builder = useBuilder(workflow.definition, workflow.id);
  const flow = useReactFlow();
  const [stores] = useState(createStores);
  const [problems, setProblems] = useState<Problem[]>(workflow.problems);
  const [status, setStatus] = useState(workflow.status);
  const [publishedVersion, setPublishedVersion] = useState(workflow.publishedVersion);
  const [showProblems, setShowProblems] = useState(false);
  const [showVersions, setShowVersions] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const toggleProblems = useCallback(() => setShowProblems((s) => !s), []);
  const openVersions = useCallback(() => setShowVersions(true), []);
  const openSettings = useCallback(() => setShowSettings(true), []);
  const readOnly = !canEdit || status === "ARCHIVED";

  const save = useAutosave({
    projectId,
    workflowId: workflow.id,
    initialVersion: workflow.version,
    revision: builder.revision,
    enabled: !readOnly,
    getDefinition: builder.getDefinition,
    onReload: (def) => builder.reset(def),
  });

  const ctx = useMemo(
    () => ({
      templates: new Map(
        data.templates.flatMap((t) => [
          [t.id, { name: t.name, status: t.status }],
          [t.metaTemplateId, { name: t.name, status: t.status }],
        ]),
      ),
      workflowCalls: new Map(data.workflowCalls),
      workflowId: workflow.id,
      numbers: new Set(data.numbers.flatMap((n) => [n.id, n.phoneNumberId])),
    }),
    [data, workflow.id],
  );

  // Validate shortly after edits stop (drag frames and typing bursts validate once).
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the change signal
  useEffect(() => {
    const t = setTimeout(() => {
      const next = validateWorkflow(builder.getDefinition(), ctx);
      setProblems(next);
      const byNode = new Map<string, Problem[]>();
      for (const p of next) if (p.nodeId) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);
      stores.problems.replace(byNode);
    }, 200);
    return () => clearTimeout(t);
  }, [builder.revision, builder.getDefinition, ctx, stores]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed with the graph's revision
  const catalog = useMemo(() => {
    const v = workflowVariables(builder.getDefinition());
    return { vars: [...new Set([...v.defined, ...v.used])], env: v.env };
  }, [builder.revision]);

  const contextValue = useMemo<BuilderContextValue>(
    () => ({ projectId, stores, data, readOnly }),
    [projectId, stores, data, readOnly],
  );

  const selected = builder.nodes.filter((n) => n.selected);
  const single = selected.length === 1 ? selected[0] : undefined;
  const wide = useWide();
  // Below md the inspector floats over the canvas's right side; fitting must leave that part free.
  const inspectorOverlay = single && !wide ? INSPECTOR_OVERLAY_PX : 0;
  const errorCount = problems.filter((p) => p.severity === "error").length;
  const saveView = useMemo(
    () => ({ status: save.status, version: save.version, error: save.error }),
    [save.status, save.version, save.error],
  );
  const singleId = single?.id;
  const singleProblems = useMemo(() => problems.filter((p) => p.nodeId === singleId), [problems, singleId]);
  const { select } = builder;

  // Opening the inspector narrows the canvas (or covers its right side on a phone): bring the selected
  // step back into view if it ended up under it.
  useEffect(() => {
    if (!singleId) return;
    const frame = requestAnimationFrame(() => {
      const pane = document.querySelector<HTMLElement>("[data-testid=canvas]")?.getBoundingClientRect();
      const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(singleId)}"]`);
      const box = el?.getBoundingClientRect();
      if (!pane || !box || pane.width - inspectorOverlay < 200) return;
      const right = pane.right - inspectorOverlay;
      if (box.left >= pane.left && box.right <= right && box.top >= pane.top && box.bottom <= pane.bottom)
        return;
      const n = flow.getNode(singleId);
      if (!n) return;
      const { zoom } = flow.getViewport();
      const w = n.measured?.width ?? DEFAULT_NODE_SIZE.w;
      const h = n.measured?.height ?? DEFAULT_NODE_SIZE.h;
      // Centre it in the part of the canvas still visible. From the DOM's size, not React Flow's: its
      // resize observer has not seen the narrower canvas yet on this frame.
      const visible = pane.width - inspectorOverlay;
      void flow.setViewport(
        {
          x: visible / 2 - (n.position.x + w / 2) * zoom,
          y: pane.height / 2 - (n.position.y + h / 2) * zoom,
          zoom,
        },
        { duration: 200 },
      );
    });
    return () => cancelAnimationFrame(frame);
  }, [singleId, flow, inspectorOverlay]);
  const closeInspector = useCallback(() => select([]), [select]);

  const addAtCentre = useCallback(
    (type: NodeType) => {
      const el = document.querySelector(".react-flow");
      const r = el?.getBoundingClientRect();
      const p = flow.screenToFlowPosition({
        x: (r?.left ?? 0) + (r?.width ?? 800) / 2,
        y: (r?.top ?? 0) + (r?.height ?? 600) / 2,
      });
      // Below the selected step when there is one (the usual next step), else the middle of the view;
      // either way on free canvas.
      // With nothing selected, a workflow whose start leads nowhere yet grows from its start.
      const selected = builder.nodes.filter((n) => n.selected);
      const start = builder.nodes.find((n) => n.data.node_type === "start");
      const startFree = start && !builder.edges.some((e) => e.source === start.id);
      const anchor = selected.length === 1 ? selected[0] : startFree ? start : undefined;
      const want = anchor
        ? {
            x: anchor.position.x,
            y: anchor.position.y + (anchor.measured?.height ?? DEFAULT_NODE_SIZE.h) + 60,
          }
        : { x: p.x - DEFAULT_NODE_SIZE.w / 2, y: p.y - DEFAULT_NODE_SIZE.h / 2 };
      // Under a selected step it is that step's next one: connected from its first free output.
      builder.addNode(type, freeSpot(builder.nodes, want), anchor?.id);
    },
    [builder, flow],
  );

  const focusNode = (id: string) => {
    builder.select([id]);
    const n = builder.nodes.find((x) => x.id === id);
    if (n)
      flow.setCenter(n.position.x + DEFAULT_NODE_SIZE.w / 2, n.position.y + DEFAULT_NODE_SIZE.h / 2, {
        zoom: 1,
        duration: 300,
      });
  };

  const setActive = async (target: "ACTIVE" | "DRAFT") => {
    if (!(await save.flush())) return;
    const r = await setWorkflowStatusAction({ projectId, workflowId: workflow.id, status: target });
    if (r.ok) {
      setStatus(r.data.status);
      setPublishedVersion(r.data.publishedVersion);
      if (target === "ACTIVE" && r.data.activeTriggers === 0) {
        toast.warning(`Published version ${r.data.publishedVersion}, but nothing starts it yet`, {
          description:
            "It has no active trigger. Add one under Workflow settings (the sliders button) → Triggers.",
        });
      } else if (target === "ACTIVE") {
        toast.success(`Published version ${r.data.publishedVersion}`, {
          description: "Its triggers now start executions of this version.",
        });
      } else toast.success("Deactivated: no version is published, nothing new starts");
      return;
    }
    const refused = (r.details?.problems as Problem[] | undefined) ?? null;
    if (refused) {
      setProblems(refused);
      setShowProblems(true);
    }
    toast.error(r.error);
  };

  const nodeName = (id: string) => {
    const n = builder.nodes.find((x) => x.id === id);
    return n ? n.data.display_name || STEPS[n.data.node_type].label : id;
  };

  return (
    <BuilderContext.Provider value={contextValue}>
      <div className="flex h-[calc(100dvh-3.5rem)] min-h-0 flex-col md:h-dvh">
        <BuilderToolbar
          projectSlug={projectSlug}
          name={workflow.name}
          status={status}
          save={saveView}
          canUndo={builder.canUndo}
          canRedo={builder.canRedo}
          onUndo={builder.undo}
          onRedo={builder.redo}
          onLayout={builder.layout}
          readOnly={readOnly}
          canEdit={canEdit}
          problemCount={problems.length}
          errorCount={errorCount}
          showProblems={showProblems}
          onToggleProblems={toggleProblems}
          onVersions={openVersions}
          executionsHref={`/p/${projectSlug}/workflows/${workflow.id}/executions`}
          onSettings={openSettings}
          unpublished={status === "ACTIVE" && publishedVersion !== save.version}
          onActivate={() => setActive("ACTIVE")}
          onDeactivate={() => setActive("DRAFT")}
          onAdd={addAtCentre}
        />
        <div className="relative flex min-h-0 flex-1">
          {!readOnly && (
            <div className="hidden w-48 shrink-0 overflow-y-auto border-r bg-sidebar md:block">
              <Palette onAdd={addAtCentre} disabled={readOnly} />
            </div>
          )}
          <div className="relative min-w-0 flex-1" data-testid="canvas">
            <Canvas builder={builder} rightInset={inspectorOverlay} path={path} />
            {showProblems && (
              // Beside the zoom controls (bottom left) and clear of the minimap (bottom right, from sm up).
              <div
                data-testid="problems-panel"
                className="absolute bottom-3 left-14 z-10 w-[min(26rem,calc(100%-4.25rem))] rounded-lg border bg-card shadow-lg sm:w-[min(26rem,calc(100%-4.25rem-160px-1.5rem))]"
              >
                <p className="border-b px-3 py-2 text-xs font-medium text-muted-foreground">Problems</p>
                <ProblemsPanel problems={problems} nodeName={nodeName} onFocus={focusNode} />
              </div>
            )}
          </div>
          {run && !single && (
            <RunPanel
              run={run}
              nodeName={nodeName}
              onFocus={focusNode}
              projectSlug={projectSlug}
              workflowId={workflow.id}
            />
          )}
          {single && (
            <div className="absolute inset-y-0 right-0 z-20 w-full max-w-sm border-l bg-background shadow-lg md:static md:w-80 md:shadow-none">
              <Inspector
                key={single.id}
                nodeId={single.id}
                data={single.data}
                problems={singleProblems}
                catalog={catalog}
                onChange={builder.updateNodeData}
                onClose={closeInspector}
              />
            </div>
          )}
        </div>
      </div>
      <ConflictDialog conflict={save.conflict} onReload={save.reload} onOverwrite={save.overwrite} />
      <WorkflowSettingsSheet
        open={showSettings}
        onOpenChange={setShowSettings}
        projectId={projectId}
        workflowId={workflow.id}
        numbers={data.numbers}
        canEdit={canEdit}
      />
      <VersionsSheet
        open={showVersions}
        onOpenChange={setShowVersions}
        projectId={projectId}
        workflowId={workflow.id}
        currentVersion={save.version}
        readOnly={readOnly}
        onRestored={(def, version) => {
          builder.reset(def);
          save.adopt(version);
        }}
      />
    </BuilderContext.Provider>
  );
}

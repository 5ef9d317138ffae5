export function StartForm() {
  return (
    <p className="text-sm text-muted-foreground">
      Runs start here. Set up triggers in the workflow settings.
    </p>
  );
}

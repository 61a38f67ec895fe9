-- The final-state guard of messages (0003) runs its function only when a
-- final message's state is about to change, the one case it refuses. Every
-- other update (a season's deliveries, fallbacks, returns) skips the call:
-- the WHEN condition is evaluated by the executor itself, without a PL/pgSQL
-- call per row. What is refused is unchanged.
DROP TRIGGER messages_final_state ON messages;
CREATE TRIGGER messages_final_state BEFORE UPDATE OF state ON messages
  FOR EACH ROW
  WHEN (OLD.state IN ('delivered', 'paper', 'withdrawn', 'failed') AND NEW.state IS DISTINCT FROM OLD.state)
  EXECUTE FUNCTION messages_final_state_is_final();
